-- sysql's lake in Spark SQL (4.x): the tables of `sysql export --format parquet -o LAKE` as temporary views,
-- and time travel as SQL table functions. Give the lake's path as the variable `lake`:
--   spark-sql --conf spark.sql.session.timeZone=UTC -d lake=/path/to/LAKE -i lake/sql/spark.sql
-- (from a program: spark.sql("SET lake=/path/to/LAKE"), then each statement of this file).
-- host and date are Hive partitions (from the path); a filter on them reads only their files.
CREATE OR REPLACE TEMPORARY VIEW events USING parquet OPTIONS (path '${lake}/events');
CREATE OR REPLACE TEMPORARY VIEW processes_history USING parquet OPTIONS (path '${lake}/processes_history');
CREATE OR REPLACE TEMPORARY VIEW threads_history USING parquet OPTIONS (path '${lake}/threads_history');
CREATE OR REPLACE TEMPORARY VIEW fds_history USING parquet OPTIONS (path '${lake}/fds_history');
CREATE OR REPLACE TEMPORARY VIEW connections_history USING parquet OPTIONS (path '${lake}/connections_history');
CREATE OR REPLACE TEMPORARY VIEW capture USING parquet OPTIONS (path '${lake}/capture');

-- AS OF TIMESTAMP t, one instant across hosts: each capture's last event at or before t (a capture that
-- starts after t has no row, so nothing of it exists then, as AS OF 0 in sysql). Clocks of different
-- hosts are taken as they are. Partitions are UTC days.
CREATE OR REPLACE TEMPORARY FUNCTION points_as_of(t TIMESTAMP) RETURNS TABLE RETURN
  SELECT host, capture, max(num) AS num FROM events
   WHERE ts <= unix_micros(t) * 1000 AND date <= to_date(to_utc_timestamp(t, current_timezone()))
   GROUP BY host, capture;

-- A version holds AS OF event n when valid_from_num <= n <= valid_to_num (NULL: still valid at the end).
-- AS OF event n of capture c:
CREATE OR REPLACE TEMPORARY FUNCTION fds_at(c STRING, n BIGINT) RETURNS TABLE RETURN
  SELECT * FROM fds_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
CREATE OR REPLACE TEMPORARY FUNCTION connections_at(c STRING, n BIGINT) RETURNS TABLE RETURN
  SELECT * FROM connections_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
CREATE OR REPLACE TEMPORARY FUNCTION threads_at(c STRING, n BIGINT) RETURNS TABLE RETURN
  SELECT * FROM threads_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
-- processes with their open fds and threads counted at the point, as sysql's processes table has them
CREATE OR REPLACE TEMPORARY FUNCTION processes_at(c STRING, n BIGINT) RETURNS TABLE RETURN
  SELECT p.*, coalesce(f.fd_count, 0) AS fd_count, coalesce(h.threads, 0) AS threads
    FROM processes_history p
    LEFT JOIN (SELECT upid, count(*) AS fd_count FROM fds_at(c, n) GROUP BY upid) f ON f.upid = p.upid
    LEFT JOIN (SELECT upid, count(*) AS threads FROM threads_at(c, n) GROUP BY upid) h ON h.upid = p.upid
   WHERE p.capture = c AND p.valid_from_num <= n AND (p.valid_to_num IS NULL OR p.valid_to_num >= n);

-- AS OF TIMESTAMP t, every host at once:
CREATE OR REPLACE TEMPORARY FUNCTION fds_as_of(t TIMESTAMP) RETURNS TABLE RETURN
  SELECT f.* FROM fds_history f JOIN points_as_of(t) p ON f.host = p.host AND f.capture = p.capture
   WHERE f.valid_from_num <= p.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= p.num);
CREATE OR REPLACE TEMPORARY FUNCTION connections_as_of(t TIMESTAMP) RETURNS TABLE RETURN
  SELECT c.* FROM connections_history c JOIN points_as_of(t) p ON c.host = p.host AND c.capture = p.capture
   WHERE c.valid_from_num <= p.num AND (c.valid_to_num IS NULL OR c.valid_to_num >= p.num);
CREATE OR REPLACE TEMPORARY FUNCTION threads_as_of(t TIMESTAMP) RETURNS TABLE RETURN
  SELECT h.* FROM threads_history h JOIN points_as_of(t) p ON h.host = p.host AND h.capture = p.capture
   WHERE h.valid_from_num <= p.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= p.num);
CREATE OR REPLACE TEMPORARY FUNCTION processes_as_of(t TIMESTAMP) RETURNS TABLE RETURN
  SELECT pr.*, coalesce(f.fd_count, 0) AS fd_count, coalesce(h.threads, 0) AS threads
    FROM processes_history pr JOIN points_as_of(t) p ON pr.host = p.host AND pr.capture = p.capture
    LEFT JOIN (SELECT capture, upid, count(*) AS fd_count FROM fds_as_of(t) GROUP BY capture, upid) f
           ON f.capture = pr.capture AND f.upid = pr.upid
    LEFT JOIN (SELECT capture, upid, count(*) AS threads FROM threads_as_of(t) GROUP BY capture, upid) h
           ON h.capture = pr.capture AND h.upid = pr.upid
   WHERE pr.valid_from_num <= p.num AND (pr.valid_to_num IS NULL OR pr.valid_to_num >= p.num);
