-- sysql's lake in Trino (Hive connector): the tables of `sysql export --format parquet -o LAKE` registered in
-- the catalog's metastore with their partitions, and time travel as views. Trino has no table functions of
-- SQL, so the point is a column of the view, chosen with a WHERE:
--   TABLE_at      WHERE capture = 'web' AND at_num = 1200           AS OF event 1200 of capture web
--   TABLE_as_of   WHERE TIMESTAMP 't' BETWEEN as_of_from AND as_of_to  AS OF TIMESTAMP t, every capture
-- Run it in a Hive catalog that reads the lake's file system, with timestamps to the microsecond, e.g.
-- etc/catalog/lake.properties: connector.name=hive, hive.metastore=file,
-- hive.metastore.catalog.dir=local:///var/trino/metastore, fs.local.enabled=true, local.location=/,
-- hive.timestamp-precision=MICROSECONDS; with ${lake} replaced by the lake's location:
--   sed 's|${lake}|local:///data/lake|' lake/sql/trino.sql > lake.sql
--   trino --catalog lake --schema sysql -f lake.sql
-- Run it again after exporting into the lake again: it registers the new partitions.
CREATE SCHEMA IF NOT EXISTS sysql;

-- host and date are Hive partitions (from the path); a filter on them reads only their files.
CREATE TABLE IF NOT EXISTS events (
  capture varchar, num bigint, ts bigint, event_time timestamp(6), latency_ns bigint, cpu integer, pid integer,
  tid integer, type varchar, res bigint, failed boolean, errno integer, errno_name varchar, proc_name varchar,
  fd integer, fd2 integer, fd_name varchar, fd_type varchar, path varchar, flags bigint, mode bigint,
  args varchar, name varchar, exe varchar, uid integer, gid integer, exit_code integer, signal integer,
  ends_process boolean, l4proto varchar, local_ip varchar, local_port integer, remote_ip varchar,
  remote_port integer, buffer varchar, buffer_len integer, category varchar,
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'], external_location = '${lake}/events');
CREATE TABLE IF NOT EXISTS processes_history (
  capture varchar, upid bigint, pid integer, ppid integer, vpid integer, parent_upid bigint, name varchar,
  exe varchar, args varchar, cmdline varchar, cwd varchar, uid integer, user_name varchar, gid integer,
  group_name varchar, start_ts bigint, start_time timestamp(6), exit_ts bigint, exit_time timestamp(6),
  exit_code integer, exit_signal integer,
  exited boolean, vm_size_kb bigint, vm_rss_kb bigint, fd_limit bigint, container_id varchar,
  container_name varchar, container_image varchar, cpu_ns bigint, cpu_user_ns bigint, cpu_system_ns bigint,
  valid_from_num bigint, valid_to_num bigint, valid_from_ts bigint, valid_to_ts bigint,
  valid_from_time timestamp(6), valid_to_time timestamp(6),
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'],
        external_location = '${lake}/processes_history');
CREATE TABLE IF NOT EXISTS threads_history (
  capture varchar, utid bigint, tid integer, vtid integer, pid integer, upid bigint, name varchar,
  is_main boolean, start_ts bigint, start_time timestamp(6), exit_ts bigint, exit_time timestamp(6),
  exited boolean, cpu_ns bigint, cpu_user_ns bigint,
  cpu_system_ns bigint, valid_from_num bigint, valid_to_num bigint, valid_from_ts bigint, valid_to_ts bigint,
  valid_from_time timestamp(6), valid_to_time timestamp(6),
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'],
        external_location = '${lake}/threads_history');
CREATE TABLE IF NOT EXISTS fds_history (
  capture varchar, ufd bigint, upid bigint, pid integer, proc_name varchar, fd integer, type varchar,
  type_char varchar, name varchar, directory varchar, filename varchar, flags bigint, cloexec boolean,
  l4proto varchar, sock_family integer, is_server boolean, local_ip varchar, local_port integer,
  remote_ip varchar, remote_port integer, client_ip varchar, client_port integer, server_ip varchar,
  server_port integer, sock_state varchar, opened_num bigint, opened_ts bigint, opened_time timestamp(6),
  valid_from_num bigint,
  valid_to_num bigint, valid_from_ts bigint, valid_to_ts bigint, valid_from_time timestamp(6),
  valid_to_time timestamp(6),
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'], external_location = '${lake}/fds_history');
CREATE TABLE IF NOT EXISTS connections_history (
  capture varchar, proto varchar, server_address varchar, client_address varchar, state varchar, pid integer,
  upid bigint, proc_name varchar, fd integer, ufd bigint, valid_from_num bigint, valid_to_num bigint,
  valid_from_ts bigint, valid_to_ts bigint, valid_from_time timestamp(6), valid_to_time timestamp(6),
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'],
        external_location = '${lake}/connections_history');
CREATE TABLE IF NOT EXISTS capture (
  capture varchar, path varchar, kernel varchar, source varchar, command varchar, start_ts bigint,
  start_time timestamp(6), end_ts bigint, end_time timestamp(6), first_event_ts bigint,
  first_event_time timestamp(6), last_event_ts bigint, last_event_time timestamp(6), events bigint, snapshot_events bigint,
  drops bigint, parse_errors bigint, snaplen integer, format_version integer, state varchar,
  exit_status integer, origin varchar, damage varchar,
  host varchar, date date)
  WITH (format = 'PARQUET', partitioned_by = ARRAY['host', 'date'], external_location = '${lake}/capture');

CALL system.sync_partition_metadata('sysql', 'events', 'FULL');
CALL system.sync_partition_metadata('sysql', 'processes_history', 'FULL');
CALL system.sync_partition_metadata('sysql', 'threads_history', 'FULL');
CALL system.sync_partition_metadata('sysql', 'fds_history', 'FULL');
CALL system.sync_partition_metadata('sysql', 'connections_history', 'FULL');
CALL system.sync_partition_metadata('sysql', 'capture', 'FULL');

-- A version holds AS OF event n when valid_from_num <= n <= valid_to_num (NULL: still valid at the end).
-- AS OF event at_num of its capture (at_num: any event's num):
CREATE OR REPLACE VIEW fds_at AS
  SELECT e.num AS at_num, f.* FROM events e JOIN fds_history f ON f.host = e.host AND f.capture = e.capture
   WHERE f.valid_from_num <= e.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= e.num);
CREATE OR REPLACE VIEW connections_at AS
  SELECT e.num AS at_num, c.* FROM events e JOIN connections_history c ON c.host = e.host AND c.capture = e.capture
   WHERE c.valid_from_num <= e.num AND (c.valid_to_num IS NULL OR c.valid_to_num >= e.num);
CREATE OR REPLACE VIEW threads_at AS
  SELECT e.num AS at_num, h.* FROM events e JOIN threads_history h ON h.host = e.host AND h.capture = e.capture
   WHERE h.valid_from_num <= e.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= e.num);
-- processes with their open fds and threads counted at the point, as sysql's processes table has them
CREATE OR REPLACE VIEW processes_at AS
  SELECT e.num AS at_num, p.*,
         (SELECT count(*) FROM fds_history f
           WHERE f.host = p.host AND f.capture = p.capture AND f.upid = p.upid
             AND f.valid_from_num <= e.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= e.num)) AS fd_count,
         (SELECT count(*) FROM threads_history h
           WHERE h.host = p.host AND h.capture = p.capture AND h.upid = p.upid
             AND h.valid_from_num <= e.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= e.num)) AS threads
    FROM events e JOIN processes_history p ON p.host = e.host AND p.capture = e.capture
   WHERE p.valid_from_num <= e.num AND (p.valid_to_num IS NULL OR p.valid_to_num >= e.num);

-- AS OF TIMESTAMP t, one instant across hosts: each capture at its last event at or before t, that is the
-- instant whose [as_of_from, as_of_to] holds t (a capture that starts after t has none, so nothing of it
-- exists then, as AS OF 0 in sysql; after its last event, its last instant lasts). t is in the session's time
-- zone. Clocks of different hosts are taken as they are. An instant lasts to the next event's ts less 1 ns
-- (empty when events share a ts: the last of them, in num order, holds it); num is the largest up to it.
CREATE OR REPLACE VIEW instants AS
  SELECT host, capture, num, from_unixtime_nanos(ts) AS as_of_from,
         coalesce(from_unixtime_nanos(next_ts - 1), TIMESTAMP '9999-12-31 23:59:59.999999999 UTC') AS as_of_to
    FROM (SELECT host, capture, ts, max(num) OVER w AS num, lead(ts) OVER w AS next_ts
            FROM events WINDOW w AS (PARTITION BY host, capture ORDER BY ts, num));
CREATE OR REPLACE VIEW fds_as_of AS
  SELECT i.as_of_from, i.as_of_to, f.* FROM instants i JOIN fds_history f ON f.host = i.host AND f.capture = i.capture
   WHERE f.valid_from_num <= i.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= i.num);
CREATE OR REPLACE VIEW connections_as_of AS
  SELECT i.as_of_from, i.as_of_to, c.* FROM instants i JOIN connections_history c ON c.host = i.host AND c.capture = i.capture
   WHERE c.valid_from_num <= i.num AND (c.valid_to_num IS NULL OR c.valid_to_num >= i.num);
CREATE OR REPLACE VIEW threads_as_of AS
  SELECT i.as_of_from, i.as_of_to, h.* FROM instants i JOIN threads_history h ON h.host = i.host AND h.capture = i.capture
   WHERE h.valid_from_num <= i.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= i.num);
CREATE OR REPLACE VIEW processes_as_of AS
  SELECT i.as_of_from, i.as_of_to, p.*,
         (SELECT count(*) FROM fds_history f
           WHERE f.host = p.host AND f.capture = p.capture AND f.upid = p.upid
             AND f.valid_from_num <= i.num AND (f.valid_to_num IS NULL OR f.valid_to_num >= i.num)) AS fd_count,
         (SELECT count(*) FROM threads_history h
           WHERE h.host = p.host AND h.capture = p.capture AND h.upid = p.upid
             AND h.valid_from_num <= i.num AND (h.valid_to_num IS NULL OR h.valid_to_num >= i.num)) AS threads
    FROM instants i JOIN processes_history p ON p.host = i.host AND p.capture = i.capture
   WHERE p.valid_from_num <= i.num AND (p.valid_to_num IS NULL OR p.valid_to_num >= i.num);
