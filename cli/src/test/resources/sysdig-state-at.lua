--[[
Dumps sysdig's thread and fd tables at the first event matching a filter (or, with no filter, at the end of
the capture), for SysdigOracleTest. Run: sysdig -r FILE -c sysdig-state-at.lua "'FILTER'" (single quotes:
sysdig splits a chisel argument at spaces otherwise).
Lines are tab-separated:
  point   <evt.num of the matching event, or "end">
  thread  tid pid comm uid fdlimit
  fd      pid tid fd type name l4proto sip sport cip cport (the netstat chisel's server and client ends)
--]]
description = "sysdig's thread and fd tables at the first event matching a filter"
short_description = "state tables at an event"
category = "sysql"

args = {
	{
		name = "filter",
		description = "sysdig filter of the event to stop at; empty for the end of the capture",
		argtype = "filter",
		optional = true
	}
}

local filter = ""
local evtnum
local matched = nil

function on_set_arg(name, val)
	filter = val
	return true
end

function on_init()
	if filter ~= "" then
		chisel.set_filter(filter)
	end
	evtnum = chisel.request_field("evt.num")
	return true
end

function on_event()
	if filter ~= "" and matched == nil then
		matched = tostring(evt.field(evtnum))
		sysdig.end_capture()
	end
	return true
end

local function text(v)
	if v == nil then
		return ""
	end
	-- names may hold tabs or newlines (a unix socket path with a trailing newline): keep them visible
	return (tostring(v):gsub("\\", "\\\\"):gsub("\t", "\\t"):gsub("\n", "\\n"))
end

function on_capture_end()
	if filter ~= "" and matched == nil then
		print("point\tnone")
		return
	end
	print("point\t" .. (matched or "end"))
	for tid, t in pairs(sysdig.get_thread_table()) do
		print(table.concat({"thread", tid, t.pid, text(t.comm), t.uid, t.fdlimit}, "\t"))
		for fd, f in pairs(t.fdtable) do
			print(table.concat({"fd", t.pid, tid, fd, text(f.type), text(f.name), text(f.l4proto), text(f.sip),
				text(f.sport), text(f.cip), text(f.cport)}, "\t"))
		end
	end
end
