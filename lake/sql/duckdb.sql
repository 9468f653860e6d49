-- sysql's lake in DuckDB: the tables of `sysql export --format parquet -o LAKE` as views, and time travel as
-- table macros. Run it after telling DuckDB where the lake is:
--   duckdb -cmd "SET VARIABLE lake = '/path/to/LAKE'" -init lake/sql/duckdb.sql
-- host and date are Hive partitions (from the path); a filter on them reads only their files.
CREATE OR REPLACE VIEW events AS
  SELECT * FROM read_parquet(getvariable('lake') || '/events/*/*/*.parquet', hive_partitioning = true);
CREATE OR REPLACE VIEW processes_history AS
  SELECT * FROM read_parquet(getvariable('lake') || '/processes_history/*/*/*.parquet', hive_partitioning = true);
CREATE OR REPLACE VIEW threads_history AS
  SELECT * FROM read_parquet(getvariable('lake') || '/threads_history/*/*/*.parquet', hive_partitioning = true);
CREATE OR REPLACE VIEW fds_history AS
  SELECT * FROM read_parquet(getvariable('lake') || '/fds_history/*/*/*.parquet', hive_partitioning = true);
CREATE OR REPLACE VIEW connections_history AS
  SELECT * FROM read_parquet(getvariable('lake') || '/connections_history/*/*/*.parquet', hive_partitioning = true);
CREATE OR REPLACE VIEW capture AS
  SELECT * FROM read_parquet(getvariable('lake') || '/capture/*/*/*.parquet', hive_partitioning = true);

-- AS OF TIMESTAMP t, one instant across hosts: each capture's last event at or before t (a capture that
-- starts after t has no row, so nothing of it exists then, as AS OF 0 in sysql). Clocks of different
-- hosts are taken as they are.
CREATE OR REPLACE MACRO points_as_of(t) AS TABLE
  SELECT host, capture, max(num) AS num FROM events
   WHERE ts <= epoch_ns(CAST(t AS TIMESTAMPTZ)) AND date <= CAST(CAST(t AS TIMESTAMPTZ) AT TIME ZONE 'UTC' AS DATE)
   GROUP BY host, capture;

-- A version holds AS OF event n when valid_from_num <= n <= valid_to_num (NULL: still valid at the end).
-- AS OF event n of capture c:
CREATE OR REPLACE MACRO fds_at(c, n) AS TABLE
  SELECT * FROM fds_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
CREATE OR REPLACE MACRO connections_at(c, n) AS TABLE
  SELECT * FROM connections_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
CREATE OR REPLACE MACRO threads_at(c, n) AS TABLE
  SELECT * FROM threads_history
   WHERE capture = c AND valid_from_num <= n AND (valid_to_num IS NULL OR valid_to_num >= n);
-- processes with their open fds and threads counted at the point, as sysql's processes table has them
CREATE OR REPLACE MACRO processes_at(c, n) AS TABLE
  SELECT p.*, coalesce(f.fd_count, 0) AS fd_count, coalesce(h.threads, 0) AS threads
    FROM processes_history p
    LEFT JOIN (SELECT upid, count(*) AS fd_count FROM fds_at(c, n) GROUP BY upid) f ON f.upid = p.upid
    LEFT JOIN (SELECT upid, count(*) AS threads FROM threads_at(c, n) GROUP BY upid) h ON h.upid = p.upid
   WHERE p.capture = c AND p.valid_from_num <= n AND (p.valid_to_num IS NULL OR p.valid_to_num >= n);

-- AS OF TIMESTAMP t, every host at once:
CREATE OR REPLACE MACRO fds_as_of(t) AS TABLE
  SELECT f.* FROM fds_history f JOIN points_as_of(t) p ON f.host = p.host AND f.capture = p.capture
   WHERE f.valid_from_num <= p.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= p.num);
CREATE OR REPLACE MACRO connections_as_of(t) AS TABLE
  SELECT c.* FROM connections_history c JOIN points_as_of(t) p ON c.host = p.host AND c.capture = p.capture
   WHERE c.valid_from_num <= p.num AND (c.valid_to_num IS NULL OR c.valid_to_num >= p.num);
CREATE OR REPLACE MACRO threads_as_of(t) AS TABLE
  SELECT h.* FROM threads_history h JOIN points_as_of(t) p ON h.host = p.host AND h.capture = p.capture
   WHERE h.valid_from_num <= p.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= p.num);
CREATE OR REPLACE MACRO processes_as_of(t) AS TABLE
  SELECT pr.*, coalesce(f.fd_count, 0) AS fd_count, coalesce(h.threads, 0) AS threads
    FROM processes_history pr JOIN points_as_of(t) p ON pr.host = p.host AND pr.capture = p.capture
    LEFT JOIN (SELECT capture, upid, count(*) AS fd_count FROM fds_as_of(t) GROUP BY capture, upid) f
           ON f.capture = pr.capture AND f.upid = pr.upid
    LEFT JOIN (SELECT capture, upid, count(*) AS threads FROM threads_as_of(t) GROUP BY capture, upid) h
           ON h.capture = pr.capture AND h.upid = pr.upid
   WHERE pr.valid_from_num <= p.num AND (pr.valid_to_num IS NULL OR pr.valid_to_num >= p.num);
