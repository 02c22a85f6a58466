#!/usr/bin/env python3
"""Writes the scenario corpus: one directory per fault, its inputs and expected.json.

Every input follows a format the reference (../shared/reference/) or the seed shows: listener
ARMLogger records with signed byte dumps, ctisvr `Trace:` and `Session N:` lines (TechNote 214657),
OPC SetAgentState, rttest agent_status, Chrome-shaped HAR 1.2 captures, initialize answers. Ids,
hosts and times vary from scenario to scenario. Run it from anywhere; it rewrites the directories it
owns (and only those) and leaves the others alone.

expected.json:
  description      what the scenario shows
  versions         {"ece": .., "icm": ..} given to the analysis (optional)
  verdicts         [{entry_point_id, status, reason_finding}] in the report's order
  headline         the overall status (optional), and headline_contains: substrings (optional)
  must / must_not  finding ids that must / must not appear
  severity         {finding id: severity} for findings whose severity is the point (optional)
  text             substrings that must appear in the findings' titles, seen, why or next (optional)
  healthy          true: no finding may be a warning or an error
"""

import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------------------------
# ARM byte dumps (big-endian, 8-byte header, printed as signed Java bytes)

def signed(bs):
    return " ".join(str(b - 256 if b > 127 else b) for b in bs)


def msg(mtype, body):
    return struct.pack(">II", len(body), mtype) + body


def media_login_req(inv, mrd, agent, limit, info):
    s = info.encode() + b"\0"
    body = struct.pack(">IIIII", inv, mrd, agent, 0, limit) + bytes([107, len(s)]) + s
    return msg(151, body)


def media_login_resp(inv, status):
    return msg(152, struct.pack(">II", inv, status))


def open_conf(inv, pg_status, cc_time):
    """OPEN_CONF in its PV <= 18 fixed part: InvokeID, ServicesGranted, MonitorID, PGStatus,
    ICMCentralControllerTime, PeripheralOnline, PeripheralType, AgentState."""
    return msg(4, struct.pack(">IIIIIHHH", inv, 0x400, 0, pg_status, cc_time, 0, 19, 0))


def routable_ind(inv, mrd, agent, max_tasks):
    return msg(154, struct.pack(">IIII", inv, mrd, agent, max_tasks))


def ready_ind(inv, mrd, agent):
    return msg(157, struct.pack(">IIIH", inv, mrd, agent, 1))


def listener(stamp, thread, cls, text, zone="GMT+0000"):
    return (f"{stamp} {zone} <@> INFO <@> [{thread}] <@> ProcessId:5436 <@> PID:1 <@> UID:12 <@> "
            f"HttpSessionId: <@> com.ipcc.listener.{cls} <@> <@> {text} <@>")


def arm(stamp, direction, name, bs, zone="GMT+0000"):
    arrow = "Sending" if direction == "out" else "Received"
    return listener(stamp, "8938:listener-event-pool-priority-arm-request-executor::-441",
                    "arm.ARMLogger", f"{arrow} {name} -> {signed(bs)}", zone)


def listener_ready(date, time, inv, mrd, agent, max_tasks, zone="GMT+0000"):
    """The seed's ready flow in the listener log: the handler line, ROUTABLE, READY, PRINT_STATE."""
    t1 = f"{date} {time}"
    return [
        listener(t1, "8938:listener-event-pool-priority-arm-request-executor::-441",
                 "AgentAvailabilityStatusHandler",
                 "AgentAvailabilityStatusHandler:agentIsAvailable() MAKE_AGENT_ROUTABLE_IND to ARM armLoginDataArraySize= ARMAgentData", zone),
        arm(t1, "out", "MAKE_AGENT_ROUTABLE_IND", routable_ind(inv, mrd, agent, max_tasks), zone),
        arm(t1, "out", "MAKE_AGENT_READY_IND", ready_ind(inv + 1, mrd, agent), zone),
        listener(t1, "8938:listener-event-pool-priority-arm-request-executor::-441",
                 "AgentAvailabilityStatusHandler",
                 "PRINT_STATE after sending MAKE_AGENT_READY_IND to ARM:", zone),
    ]


def listener_login(date, time, inv, mrd, agent, limit, info, status, resp_time):
    return [
        arm(f"{date} {time}", "out", "MEDIA_LOGIN_REQ", media_login_req(inv, mrd, agent, limit, info)),
        arm(f"{date} {resp_time}", "in", "MEDIA_LOGIN_RESP", media_login_resp(inv, status)),
    ]


# ---------------------------------------------------------------------------------------------
# PG traces

def ctisvr_ready(t, node, session, inv, mrd, agent, max_tasks, sg_number, sg_id, state="NOT_ACTIVE",
                 mode=1, tasks=0):
    """TechNote 214657's CTI server lines for an agent marking itself available."""
    p = f"{t} {node}-ctisvr"
    return [
        f"{p} Session {session}: MsgType:MAKE_AGENT_ROUTABLE_IND (InvokeID:0x{inv:x} MRDID:{mrd} ICMAgentID:{agent} MaxTasks:{max_tasks} )",
        f"{p} Trace: ProcessMakeAgentRoutableInd - sessionID {session}",
        f"{p} Trace: SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = {max_tasks}, SessionID = {session}",
        f"{p} Session {session}: MsgType:MAKE_AGENT_READY_IND (InvokeID:0x{inv + 1:x} MRDID:{mrd} ICMAgentID:{agent} MakeRoutable:True )",
        f"{p} Trace: ProcessMakeAgentReadyInd - sessionID {session}",
        f"{p} Trace: SendARMMsg -- InvokeID = {inv + 1}, MRDID = {mrd}, ICMAgentID = {agent}, MakeRoutable = 1, SessionID = {session}",
        f"{p} Session 8: SkillGroupNumber:{sg_number} SkillGroupID:{sg_id} SkillGroupPriority:0 AgentState:{state}",
        f"{p} Session 8: EventReasonCode:0 MRDID:{mrd} NumTasks:{tasks} AgentMode:{mode} MaxTaskLimit:{max_tasks} ICMAgentID:{agent}",
    ]


def ctisvr_login(t, t2, node, session, inv, mrd, agent, limit, info, app_path, status):
    p = f"{node}-ctisvr"
    return [
        f"{t} {p} Trace: ProcessMediaLoginReq - sessionID {session}",
        f"{t} {p} Trace: SendARMMsg -- InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, AgentMode = 0 IsAvailable = 0, MaxTaskLimit = {limit}, AgentInfo = {info}, ApplicationPathID = {app_path}, PeripheralID = 0, AgentID =",
        f"{t2} {p} Trace: ProcessARMMediaLoginRespMsg -- InvokeID = {inv}, Status = {status}, AgentSkillTargetID = {agent}",
    ]


def opc(t, node, agent, periph, mrd, sgstid, sgnum, old, new, inv=None, max_tasks=2):
    p = f"{t} {node}-opc Trace:"
    lines = []
    if inv is not None:
        lines += [
            f"{p} MakeAgentRoutableInd - InvokeID = {inv}, MRDID = {mrd}, ICMAgentID = {agent}, MaxTasks = {max_tasks}, SessionID = 6",
            f"{p} MakeAgentReadyInd - InvokeID = {inv + 1}, MRDID = {mrd}, ICMAgentID = {agent}, MakeRoutable = 1, SessionID = 6",
        ]
    if new:
        lines.append(
            f"{p} SetAgentState: ASTID={agent} Periph#={periph} MRDomainID={mrd} SGSTID={sgstid} SG#={sgnum}(0x{sgnum:x}) OldState={old} NewState={new} Duration=0 CurLine=-1 ReasonCode=0 AgentObj=0x44535b8")
    return lines


def rttest(agent, name, periph, domains):
    """domains: [(domain name, mrd, state, active, limit, flags, secs, [(prefix, code, sg name, sgid, sgperiph)])]"""
    out = [f"rttest: agent_status /agent {agent}", f"Agent {name} ({agent}, periph# {periph})"]
    for dname, mrd, st, act, lim, flags, secs, sgs in domains:
        out.append(f"  domain: {dname} ({mrd}), state = [{st}-{act}:{lim},{flags}], {secs} secs")
        for prefix, code, sg, sgid, sgp in sgs:
            pad = "    " if prefix == "CL" else "     "
            out.append(f"{pad}{prefix} {code}   {sg} ({sgid}, periph# {sgp})")
    return out


def chat_domain(state, active, limit, flags, mrd=5000, sg=("TEST_Chat", 6928, 70518), dname="ECE_Chat"):
    return (dname, mrd, state, active, limit, flags, 383,
            [("CL", state, sg[0], sg[1], sg[2]), ("L", state, f"CUCM.{dname}.default.11006", 6909, 54839)])


def voice_domain(state="nr", active=0, limit=1, flags="R"):
    return ("Cisco_Voice", 1, state, active, limit, flags, 411, [("CL", state, "VOICE_SG", 6274, 70520)])


# ---------------------------------------------------------------------------------------------
# Answers and HAR captures

def initialize_body(rt):
    return json.dumps({
        "checkEligibility": {"responseType": rt}, "maskingPatterns": {"maskingPattern": []},
        "isVideoChatLicensed": False, "isVideoChatEnabled": False, "videoChatMaxEscalation": 5,
        "isDirectAudioChatEnabled": True, "isChatAttachmentEnabled": False, "maxChatAttachmentSize": 3,
        "isBlackListType": False, "isOffRecordEnabled": False,
        "htmlTagMatcherRegEx": "((?:[\\r\\n|\\n]*(?:<[^>]*>)*[\\r\\n|\\n]*)*)", "htmlTagMatcherIncr": 1,
        "isOneTagOff": True}, separators=(",", ":"))


def entry(started, url, status=200, mime="application/json", body=None, method="GET", error=None,
          request_body=None, headers=(), resource="xhr"):
    resp_headers = [{"name": "Content-Type", "value": mime}] if status else []
    resp_headers += [{"name": n, "value": v} for n, v in headers]
    content = {"size": len(body) if body else 0, "mimeType": mime}
    if body is not None:
        content["text"] = body
    e = {
        "_initiator": {"type": "script"}, "_priority": "High", "_resourceType": resource,
        "cache": {}, "connection": "443", "pageref": "page_1",
        "request": {"method": method, "url": url, "httpVersion": "HTTP/1.1",
                    "headers": [{"name": "Accept", "value": "application/json, text/javascript, */*; q=0.01"}],
                    "queryString": [], "cookies": [], "headersSize": -1, "bodySize": 0},
        "response": {"status": status, "statusText": "OK" if status == 200 else "", "httpVersion": "HTTP/1.1",
                     "headers": resp_headers, "cookies": [], "content": content,
                     "redirectURL": "", "headersSize": -1, "bodySize": -1, "_transferSize": 512},
        "serverIPAddress": "" if status == 0 else "192.0.2.10",
        "startedDateTime": started, "time": 42.5,
        "timings": {"blocked": 1.2, "dns": -1, "ssl": -1, "connect": -1, "send": 0.1, "wait": 40.0, "receive": 1.2},
    }
    if error:
        e["response"]["_error"] = error
        e["timings"] = {}
    if request_body is not None:
        e["request"]["postData"] = {"mimeType": "text/xml; charset=utf-8", "text": request_body}
    for n, v in headers:
        if n.lower() == "location":
            e["response"]["redirectURL"] = v
    return e


def har(entries, page="https://www.example.com/contact"):
    return json.dumps({"log": {
        "version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"startedDateTime": entries[0]["startedDateTime"] if entries else "2024-01-01T00:00:00.000Z",
                   "id": "page_1", "title": page, "pageTimings": {}}],
        "entries": entries}}, indent=1)


def template(host, ep, started, name="aqua"):
    return entry(started, f"https://{host}/system/templates/chat/{name}/index.html?subActivity=Chat&entryPointId={ep}&templateName={name}&ver=v11&locale=en-US",
                 mime="text/html", body="<!DOCTYPE html><html><head><title>Chat</title></head><body></body></html>", resource="document")


def initialize(host, ep, started, rt=None, **kw):
    if rt is not None:
        kw.setdefault("body", initialize_body(rt))
    return entry(started, f"https://{host}/system/egain/chat/entrypoint/initialize/{ep}", **kw)


def script(host, started, path="aqua/js/chat.js"):
    return entry(started, f"https://{host}/system/templates/chat/{path}", mime="application/javascript",
                 body="/* chat */", resource="script")


def bosh(host, ep, started, request, response):
    return entry(started, f"https://{host}/system/egain/chat/entrypoint?entryPointId={ep}&templateName=aqua&languageCode=en&countryCode=US&ver=v11",
                 method="POST", mime="text/xml", request_body=request, body=response)


BOSH_CREATE = ('<body rid="3456789" xmlns="http://jabber.org/protocol/httpbind" to="{to}" from="anonymous@egain.com" '
               'xml:lang="en" wait="60" hold="1" ver="1.6" xmpp:version="1.0" xmlns:xmpp="urn:xmpp:xbosh">'
               '<egainParams xmlns="http://bindings.egain.com/chat"></egainParams></body>')
BOSH_CREATED = '<body xmlns="http://jabber.org/protocol/httpbind" sid="{sid}_abcdef" wait="60" requests="2"/>'
BOSH_POLL = '<body rid="3456790" sid="{sid}_abcdef" xmlns="http://jabber.org/protocol/httpbind"/>'
BOSH_TERMINATE = '<body xmlns="http://jabber.org/protocol/httpbind" type="terminate" condition="{cond}"/>'


def session_status(host, sid, started, depth, wait):
    return entry(started, f"https://{host}/system/egain/chat/entrypoint/sessionStatus/{sid}_abcdef", mime="application/xml",
                 body=(f'<sessionStatus xmlns:ns2="http://bindings.egain.com/chat"><ns2:waitTime>{wait}</ns2:waitTime>'
                       f'<ns2:queueDepth>{depth}</ns2:queueDepth></sessionStatus>'))


def noise(host, started):
    return entry(started, f"https://{host}/assets/site.css", mime="text/css", body="body{}", resource="stylesheet")


# ---------------------------------------------------------------------------------------------

SCENARIOS = {}


def scenario(name, description, files, **expected):
    SCENARIOS[name] = (description, files, expected)


def v(ep, status, reason=None):
    return {"entry_point_id": ep, "status": status, "reason_finding": reason}


def text(lines):
    return "\n".join(lines) + "\n"


# 1. Healthy: the seed's flow on another day, agent ready, the page goes on to its scripts.
scenario("healthy-ready-agent-and-type0",
         "Agent 7101 made ready (listener, CTI server, OPC, rttest RA); the entry point answers 0 and the page loads its scripts and a chat session.",
         {
             "listener.log": text(listener_ready("2024-03-12", "09:15:02.310", 91001, 5000, 7101, 3)),
             "ctisvr.log": text(ctisvr_ready("10:15:02:390", "cg1a", 6, 91001, 5000, 7101, 3, 117497, 6928)),
             "opc.log": text(opc("10:15:02:395", "PG1A", 7101, 15101, 5000, 6928, 70518, "AS_NOT_READY", "AS_NOT_ACTIVE", inv=91001, max_tasks=3)),
             "rttest.txt": text(rttest(7101, "CUCM.jdoe", 15101, [voice_domain(), chat_domain("na", 0, 3, "RA")])),
             "capture.har": har([
                 template("chat.example.com", 1001, "2024-03-12T09:16:00.100Z"),
                 initialize("chat.example.com", 1001, "2024-03-12T09:16:00.400Z", rt=0),
                 script("chat.example.com", "2024-03-12T09:16:00.600Z"),
                 bosh("chat.example.com", 1001, "2024-03-12T09:16:05.000Z", BOSH_CREATE.format(to="1001"), BOSH_CREATED.format(sid="88012")),
             ]),
         },
         verdicts=[v("1001", "chat_available")], must=["clock-offset", "login-not-in-evidence"], healthy=True)

# 2. The D flag with responseType 1.
scenario("d-flag-with-type1",
         "rttest shows the chat domain [na-0:3,RD] and the entry point answers 1: the D flag explains it, the agent is not counted ready.",
         {
             "rttest.txt": text(rttest(6420, "CUCM.Agent_test", 15003, [voice_domain(), chat_domain("na", 0, 3, "RD")])),
             "initialize.json": initialize_body(1),
         },
         verdicts=[v(None, "chat_unavailable", "router-d-flag")],
         must=["router-d-flag", "ep-no-agent"],
         must_not=["type1-with-ready-agent", "router-no-a-flag", "agent-not-in-queue-skill-group"],
         severity={"router-d-flag": "error"},
         text=["email", "CSCvq11852", "depends on the ICM version"])

scenario("d-flag-icm-12-6",
         "The same D flag on ICM 12.6 (given): outside CSCvq11852's range as the seed gives it.",
         {
             "rttest.txt": text(rttest(6533, "CUCM.mlee", 16533, [chat_domain("na", 0, 2, "RD", mrd=5005)])),
             "initialize.json": initialize_body(1),
         },
         versions={"icm": "12.6(1)"},
         verdicts=[v(None, "chat_unavailable", "router-d-flag")],
         must=["router-d-flag"], must_not=["type1-with-ready-agent"],
         text=["outside the range"])

scenario("d-flag-icm-inferred-from-open-req",
         "No version given; the CTI server shows the listener's OPEN_REQ asking for protocol version 24 (UCCE 12.6): the ICM version is inferred, and said to be.",
         {
             "ctisvr.log": text([
                 "08:00:01:100 cg1b-ctisvr Session 3: MsgType:OPEN_REQ (InvokeID:0x1 VersionNumber:24 IdleTimeout:120 PeripheralID:4294967295 ServicesRequested:0x400 ClientID:ECE_Listener ApplicationPathID:5001 )",
                 "08:00:01:120 cg1b-ctisvr Session 3: MsgType:OPEN_CONF (InvokeID:0x1 ServicesGranted:0x400 MonitorID:0 PGStatus:0x0 ICMCentralControllerTime:1710230401 PeripheralOnline:1 PeripheralType:19 AgentState:0 )",
             ]),
             "rttest.txt": text(rttest(6533, "CUCM.mlee", 16533, [chat_domain("na", 1, 4, "RD")])),
         },
         verdicts=[], headline="undecided",
         must=["router-d-flag"], text=["12.6 or later", "outside the range"])

# 3. Task limit.
scenario("full-agent-at-task-limit",
         "The only agent is busy at its limit [ac-3:3,R]; the entry point answers 1. Being full is the explanation (a warning), not 'not available'.",
         {
             "rttest.txt": text(rttest(7200, "CUCM.agent7200", 15200, [voice_domain(), chat_domain("ac", 3, 3, "R")])),
             "capture.har": har([
                 template("support.example.net", 2005, "2024-04-02T14:00:00.000Z"),
                 initialize("support.example.net", 2005, "2024-04-02T14:00:00.250Z", rt=1),
             ]),
         },
         verdicts=[v("2005", "chat_unavailable", "at-task-limit")],
         must=["at-task-limit", "ep-no-agent"],
         must_not=["router-no-a-flag", "type1-with-ready-agent", "agent-not-ready"],
         severity={"at-task-limit": "warning"})

scenario("two-agents-one-full-one-ready",
         "Two agents: 7301 full [ac-2:2,R], 7302 ready [na-0:2,RA]; the entry point answers 1 anyway (ECE version unknown).",
         {
             "rttest-7301.txt": text(rttest(7301, "CUCM.a7301", 15301, [chat_domain("ac", 2, 2, "R")])),
             "rttest-7302.txt": text(rttest(7302, "CUCM.a7302", 15302, [chat_domain("na", 0, 2, "RA", sg=("WEB_Chat", 6931, 70521))])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "type1-with-ready-agent")],
         must=["type1-with-ready-agent", "at-task-limit"],
         must_not=["router-no-a-flag", "agent-not-in-queue-skill-group"],
         severity={"at-task-limit": "warning"},
         text=["agent 7302", "depends on the ECE version"])

scenario("ready-agent-not-in-queue-skill-group-ece-12-5",
         "ECE 12.5 (given): an agent is ready in skill group WEB_Chat but the entry point answers 1: on 12.0+ only its own skill groups count.",
         {
             "rttest.txt": text(rttest(7402, "CUCM.a7402", 15402, [chat_domain("na", 0, 2, "RA", sg=("WEB_Chat", 6931, 70521))])),
             "capture.har": har([initialize("ece.corp.example", 3100, "2024-05-20T08:30:00.000Z", rt=1)]),
         },
         versions={"ece": "12.5"},
         verdicts=[v("3100", "chat_unavailable", "agent-not-in-queue-skill-group")],
         must=["agent-not-in-queue-skill-group", "ep-no-agent"],
         must_not=["type1-with-ready-agent"],
         text=["WEB_Chat (6931)", "ECE 12.5 (you said)"])

scenario("ready-agent-with-type1-ece-11-6",
         "ECE 11.6 (given): an agent ready in the chat MRD but the entry point answers 1: per MRD this contradicts the answer.",
         {
             "listener.log": text(listener_ready("2024-05-21", "11:02:00.100", 44001, 5000, 7501, 2, zone="GMT+0100")),
             "opc.log": text(opc("11:02:00:180", "PG2A", 7501, 15501, 5000, 6928, 70518, "AS_NOT_READY", "AS_NOT_ACTIVE", inv=44001)),
             "capture.har": har([initialize("ece.corp.example", 3100, "2024-05-21T10:05:00.000Z", rt=1)]),
         },
         versions={"ece": "11.6"},
         verdicts=[v("3100", "chat_unavailable", "type1-with-ready-agent")],
         must=["type1-with-ready-agent"],
         must_not=["agent-not-in-queue-skill-group", "evidence-other-time"],
         text=["ECE 11.6 (you said): the chat MRD decides"])

# 4. Other reasons an agent is not available.
scenario("busy-on-a-voice-call",
         "The agent is on a voice call [ta-1:1,R] and its chat domain lacks A: busy on a non-interruptible task in another MRD.",
         {
             "rttest.txt": text(rttest(7600, "CUCM.a7600", 15600, [voice_domain("ta", 1, 1, "R"), chat_domain("na", 0, 2, "R")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "busy-other-mrd")],
         must=["busy-other-mrd"], must_not=["router-no-a-flag", "at-task-limit"],
         severity={"busy-other-mrd": "warning"})

scenario("not-routable-agent-mode-0",
         "The CTI server's agent state event shows the agent NOT_ACTIVE with AgentMode:0 after a ready indication: not routable (polarity inferred).",
         {
             "ctisvr.log": text(ctisvr_ready("16:40:10:500", "cg1a", 2, 51001, 5000, 7700, 2, 117500, 6940, mode=0)),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "not-routable")],
         must=["not-routable"], must_not=["type1-with-ready-agent", "router-no-a-flag"])

scenario("not-routable-no-r-flag",
         "rttest shows the chat domain [na-0:2,] with neither R nor A.",
         {
             "rttest.txt": text(rttest(7701, "CUCM.a7701", 15701, [chat_domain("na", 0, 2, "")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "not-routable")],
         must=["not-routable"], must_not=["router-no-a-flag"])

scenario("agent-not-ready-in-chat",
         "rttest shows the chat domain not ready [nr-0:2,R].",
         {
             "rttest.txt": text(rttest(7800, "CUCM.a7800", 15800, [chat_domain("nr", 0, 2, "R")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "agent-not-ready")],
         must=["agent-not-ready"], must_not=["router-no-a-flag", "not-routable"])

scenario("no-a-flag-without-visible-reason",
         "rttest shows the chat domain [na-0:2,R]: routable, below its limit, no A, and nothing else in the evidence explains it.",
         {
             "rttest.txt": text(rttest(7900, "CUCM.a7900", 15900, [voice_domain(), chat_domain("na", 0, 2, "R")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "router-no-a-flag")],
         must=["router-no-a-flag"], must_not=["type1-with-ready-agent", "busy-other-mrd"])

# 5. Logins.
scenario("login-rejected-app-path-27",
         "MEDIA_LOGIN_RESP status 27 in the listener and the CTI server: the MRD is not in the listener's application path.",
         {
             "listener.log": text(listener_login("2024-06-03", "07:59:58.010", 140001, 5000, 8001, 2, "2001", 27, "07:59:58.220")),
             "ctisvr.log": text(ctisvr_login("09:59:58:090", "09:59:58:200", "cg2a", 4, 700140001, 5000, 8001, 2, 2001, 5001, 27)),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "login-rejected")],
         must=["login-rejected"], must_not=["never-ready", "login-not-in-evidence"],
         text=["27 (E_ARM_STAT_LOGIN_NOT_ALLOWED_FOR_APP_PATH)", "application path"])

scenario("login-rejected-agent-not-found-2",
         "MEDIA_LOGIN_RESP status 2: the agent is not configured in CCE.",
         {"listener.log": text(listener_login("2024-06-04", "12:00:00.000", 150002, 5000, 8002, 1, "2002", 2, "12:00:00.310"))},
         verdicts=[], headline="undecided",
         must=["login-rejected"], text=["2 (E_ARM_STAT_AGENT_NOT_FOUND)", "not configured in CCE"])

scenario("login-rejected-pcce-limit-34",
         "MEDIA_LOGIN_RESP status 34: Packaged CCE's concurrent-agent limit on the peripheral.",
         {
             "ctisvr.log": text(ctisvr_login("13:10:00:000", "13:10:00:150", "cg1a", 5, 800150034, 5002, 8034, 3, 3034, 5003, 34)),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "login-rejected")],
         must=["login-rejected"], text=["34 (E_ARM_STAT_PERFORMANCE_LIMIT_EXCEEDED)"])

scenario("login-central-controller-offline-36",
         "MEDIA_LOGIN_RESP status 36: the central controller is offline: the link rule's, not a login configuration error.",
         {
             "listener.log": text(listener_login("2024-06-05", "06:30:00.000", 160036, 5000, 8036, 2, "2036", 36, "06:30:00.400")),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "pg-link-down")],
         must=["pg-link-down"], must_not=["login-rejected"], text=["E_ARM_STAT_CC_OFFLINE"])

scenario("app-path-mismatch",
         "The listener's OPEN_REQ names application path 5002; the CTI server's login trace names 5001 for MRD 5000.",
         {
             "ctisvr.log": text([
                 "07:00:00:100 cg1a-ctisvr Session 4: MsgType:OPEN_REQ (InvokeID:0x1 VersionNumber:13 IdleTimeout:120 PeripheralID:4294967295 ServicesRequested:0x400 ClientID:ECE_Listener ApplicationPathID:5002 )",
                 "07:00:00:130 cg1a-ctisvr Session 4: MsgType:OPEN_CONF (InvokeID:0x1 ServicesGranted:0x400 MonitorID:0 PGStatus:0x0 ICMCentralControllerTime:1717570800 PeripheralOnline:1 PeripheralType:19 AgentState:0 )",
             ] + ctisvr_login("07:05:00:000", "07:05:00:210", "cg1a", 4, 591309200, 5000, 8101, 2, 2101, 5001, 0)),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "app-path-mismatch")],
         must=["app-path-mismatch"], must_not=["login-rejected"])

scenario("never-made-ready",
         "The agent logged in (status 0) but the evidence never shows it routable or ready; the entry point answers 1.",
         {
             "listener.log": text(listener_login("2024-06-06", "08:00:00.000", 170001, 5000, 8201, 2, "2201", 0, "08:00:00.200")),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "never-ready")],
         must=["never-ready"], must_not=["login-rejected"], severity={"never-ready": "error"})

scenario("ready-sent-opc-never-not-active",
         "The listener and the CTI server show the ready flow; the OPC trace of the same minute has no AS_NOT_ACTIVE for the agent.",
         {
             "listener.log": text(listener_ready("2024-06-07", "12:00:01.000", 52001, 5000, 8301, 2)),
             "ctisvr.log": text(ctisvr_ready("14:00:01:080", "cg1a", 6, 52001, 5000, 8301, 2, 117497, 6928)[:6]),
             "opc.log": text(opc("14:00:01:090", "PG1A", 8301, 15301, 5000, 6928, 70518, None, None, inv=52001)
                             + opc("14:00:05:000", "PG1A", 8399, 15399, 5000, 6928, 70518, "AS_NOT_ACTIVE", "AS_NOT_READY")),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "ready-not-applied")],
         must=["ready-not-applied"], must_not=["never-ready"], severity={"ready-not-applied": "error"})

# 6. The CTI link.
scenario("pg-peripheral-offline",
         "OPEN_CONF reports PGStatus 0x4 (PERIPHERAL_OFFLINE): every agent of the PG is out; the entry point answers 1.",
         {
             "ctisvr.log": text([
                 "05:59:59:900 cg3a-ctisvr Session 2: MsgType:OPEN_REQ (InvokeID:0x1 VersionNumber:19 IdleTimeout:120 PeripheralID:4294967295 ServicesRequested:0x400 ClientID:ECE_Listener ApplicationPathID:5001 )",
                 "06:00:00:000 cg3a-ctisvr Session 2: MsgType:OPEN_CONF (InvokeID:0x1 ServicesGranted:0x400 MonitorID:0 PGStatus:0x4 ICMCentralControllerTime:1718258400 PeripheralOnline:0 PeripheralType:19 AgentState:0 )",
             ]),
             "capture.har": har([initialize("ece.corp.example", 3200, "2024-06-13T06:10:00.000Z", rt=1)]),
         },
         verdicts=[v("3200", "chat_unavailable", "pg-link-down")],
         must=["pg-link-down", "ep-no-agent"], text=["PGS_PERIPHERAL_OFFLINE"], severity={"pg-link-down": "error"})

scenario("listener-open-conf-cc-down",
         "The listener's own ARM log: OPEN_CONF with PGStatus 0x2 (the central controller down); rttest shows the agent without A; the entry point answers 1.",
         {
             "listener.log": text([arm("2024-06-14 06:00:00.120", "in", "OPEN_CONF", open_conf(1, 0x2, 1718344800))]),
             "rttest.txt": text(rttest(8402, "CUCM.a8402", 15402, [chat_domain("na", 0, 2, "R")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "pg-link-down")],
         must=["pg-link-down", "router-no-a-flag"], text=["PGS_CC_DOWN"])

scenario("cti-failure-event-then-recovered",
         "FAILURE_EVENT (E_CTI_CTI_SERVER_OFFLINE) and CLOSE_REQ, then a new session whose OPEN_CONF is healthy; an agent is ready and the entry point answers 0.",
         {
             "ctisvr.log": text([
                 "03:10:00:000 cg1a-ctisvr Session 2: MsgType:FAILURE_EVENT (Status:15 )",
                 "03:10:00:050 cg1a-ctisvr Session 2: MsgType:CLOSE_REQ (InvokeID:0x7 Status:15 )",
                 "03:11:30:000 cg1a-ctisvr Session 3: MsgType:OPEN_CONF (InvokeID:0x1 ServicesGranted:0x400 MonitorID:0 PGStatus:0x0 ICMCentralControllerTime:1718334690 PeripheralOnline:1 PeripheralType:19 AgentState:0 )",
             ]),
             "rttest.txt": text(rttest(8401, "CUCM.a8401", 15401, [chat_domain("na", 0, 2, "RA")])),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 0}}),
         },
         verdicts=[v(None, "chat_available")],
         must=["pg-link-down"], severity={"pg-link-down": "warning"}, text=["E_CTI_CTI_SERVER_OFFLINE", "later healthy again"])

scenario("cti-failure-conf",
         "The CTI server answers a ready indication with FAILURE_CONF.",
         {
             "ctisvr.log": text(ctisvr_ready("09:00:00:000", "cg1a", 6, 61001, 5000, 8501, 2, 117497, 6928)[:6] + [
                 "09:00:00:020 cg1a-ctisvr Session 6: MsgType:FAILURE_CONF (InvokeID:0xee4a Status:9 )"]),
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "arm-failure")],
         must=["arm-failure"])

# 7. The customer's side.
def ep_fail(name, desc, rule, short_kw, ep, host, when, extra=None):
    e = [template(host, ep, when.replace(".000Z", ".000Z")), initialize(host, ep, when.replace(":00.000Z", ":01.000Z"), **short_kw)]
    if extra:
        e += extra
    scenario(name, desc, {"capture.har": har(e)},
             verdicts=[v(str(ep), "chat_unavailable", rule)], must=[rule], must_not=["ep-no-agent"])


ep_fail("cors-blocked", "The chat is embedded on www.example.com; the initialize call to the ECE host fails with status 0 net::ERR_FAILED (CORS).",
        "http-cors", {"status": 0, "mime": "", "body": None, "error": "net::ERR_FAILED"}, 1004, "chat.example.com", "2024-07-01T10:00:00.000Z")
ep_fail("dns-not-resolved", "The ECE host name does not resolve (net::ERR_NAME_NOT_RESOLVED).",
        "http-dns", {"status": 0, "mime": "", "body": None, "error": "net::ERR_NAME_NOT_RESOLVED"}, 1005, "chat.example.invalid", "2024-07-02T11:00:00.000Z")
ep_fail("tls-certificate-expired", "The ECE host's certificate is expired (net::ERR_CERT_DATE_INVALID).",
        "http-tls", {"status": 0, "mime": "", "body": None, "error": "net::ERR_CERT_DATE_INVALID"}, 1006, "chat.example.com", "2024-07-03T12:00:00.000Z")
ep_fail("server-unreachable", "The ECE web server refuses the connection (net::ERR_CONNECTION_REFUSED).",
        "http-unreachable", {"status": 0, "mime": "", "body": None, "error": "net::ERR_CONNECTION_REFUSED"}, 1007, "chat.example.com", "2024-07-04T13:00:00.000Z")
ep_fail("http-404-wrong-path", "The initialize call answers 404: wrong path or entry point id.",
        "http-client-error", {"status": 404, "mime": "text/html", "body": "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>"}, 1008, "chat.example.com", "2024-07-05T14:00:00.000Z")
ep_fail("http-503-app-server-down", "The web server answers 503: it cannot reach a working ECE application server.",
        "http-server-error", {"status": 503, "mime": "text/html", "body": "<html><head><title>503 Service Unavailable</title></head><body></body></html>"}, 1009, "chat.example.com", "2024-07-06T15:00:00.000Z")
ep_fail("login-redirect-sso", "The initialize call is redirected to an SSO sign-in page.",
        "http-login-redirect", {"status": 302, "mime": "text/html", "body": "", "headers": [("Location", "https://sso.example.com/adfs/ls/?wa=wsignin1.0")]}, 1010, "chat.example.com", "2024-07-07T16:00:00.000Z")

scenario("bosh-system-shutdown-after-type0",
         "initialize answers 0, then the BOSH session (whose body says to='egain.com') is terminated with system-shutdown: the entry point comes from the URL.",
         {"capture.har": har([
             template("chat.example.org", 2005, "2024-08-01T18:00:00.000Z"),
             initialize("chat.example.org", 2005, "2024-08-01T18:00:00.300Z", rt=0),
             script("chat.example.org", "2024-08-01T18:00:00.500Z"),
             bosh("chat.example.org", 2005, "2024-08-01T18:00:03.000Z", BOSH_CREATE.format(to="egain.com"), BOSH_TERMINATE.format(cond="system-shutdown")),
         ])},
         verdicts=[v("2005", "chat_unavailable", "bosh-system-shutdown")],
         must=["bosh-system-shutdown"], must_not=["ep-no-agent", "no-chat-scripts-after-type0"],
         text=["Entry point 2005: the server refused the chat session (condition system-shutdown)"])

scenario("bosh-refused-without-an-answer",
         "The capture starts after the initialize call: only the BOSH session of entry point 2010, refused with system-shutdown.",
         {"capture.har": har([
             bosh("chat.example.org", 2010, "2024-08-01T19:00:03.000Z", BOSH_CREATE.format(to="2010"), BOSH_TERMINATE.format(cond="system-shutdown")),
         ])},
         verdicts=[v("2010", "chat_unavailable", "bosh-system-shutdown")],
         must=["bosh-system-shutdown"], severity={"bosh-system-shutdown": "error"})

scenario("bosh-duplicate-session",
         "initialize answers 0; the BOSH session ends with other-request (a session already exists).",
         {"capture.har": har([
             initialize("chat.example.org", 2006, "2024-08-02T09:00:00.000Z", rt=0),
             script("chat.example.org", "2024-08-02T09:00:00.200Z"),
             bosh("chat.example.org", 2006, "2024-08-02T09:00:02.000Z", BOSH_CREATE.format(to="2006"), BOSH_TERMINATE.format(cond="other-request")),
         ])},
         verdicts=[v("2006", "chat_available")],
         must=["bosh-duplicate-session"], severity={"bosh-duplicate-session": "warning"})

scenario("bosh-remote-connection-failed",
         "initialize answers 0; the BOSH session ends with remote-connection-failed:503.",
         {"capture.har": har([
             initialize("chat.example.org", 2007, "2024-08-03T09:00:00.000Z", rt=0),
             script("chat.example.org", "2024-08-03T09:00:00.200Z"),
             bosh("chat.example.org", 2007, "2024-08-03T09:00:02.000Z", BOSH_CREATE.format(to="2007"), BOSH_TERMINATE.format(cond="remote-connection-failed:503")),
         ])},
         verdicts=[v("2007", "chat_available")],
         must=["bosh-connection-failed"], text=["remote-connection-failed:503"])

scenario("no-chat-scripts-after-type0",
         "initialize answers 0, then the capture holds only unrelated requests: no chat script, no session.",
         {"capture.har": har([
             template("chat.example.com", 1011, "2024-08-04T10:00:00.000Z"),
             initialize("chat.example.com", 1011, "2024-08-04T10:00:00.300Z", rt=0),
             noise("www.example.com", "2024-08-04T10:00:00.500Z"),
             noise("www.example.com", "2024-08-04T10:00:01.500Z"),
         ])},
         verdicts=[v("1011", "chat_available")],
         must=["no-chat-scripts-after-type0"], severity={"no-chat-scripts-after-type0": "warning"})

scenario("queue-full-type2",
         "The entry point answers 2: its queue's maximum depth is reached.",
         {"capture.har": har([
             template("help.example.net", 4711, "2024-08-05T11:00:00.000Z"),
             initialize("help.example.net", 4711, "2024-08-05T11:00:00.250Z", rt=2),
         ])},
         verdicts=[v("4711", "chat_unavailable", "ep-queue-full")],
         must=["ep-queue-full"], must_not=["ep-no-agent"])

scenario("queue-growing-no-agent-joins",
         "initialize answers 0 and the chat waits: sessionStatus polls show queueDepth 2, 3, 4, 5 and no agent message arrives.",
         {"capture.har": har([
             initialize("help.example.net", 4712, "2024-08-06T11:00:00.000Z", rt=0),
             script("help.example.net", "2024-08-06T11:00:00.200Z"),
             bosh("help.example.net", 4712, "2024-08-06T11:00:01.000Z", BOSH_CREATE.format(to="4712"), BOSH_CREATED.format(sid="99001")),
             session_status("help.example.net", "99001", "2024-08-06T11:00:06.000Z", 2, "60.0"),
             session_status("help.example.net", "99001", "2024-08-06T11:00:11.000Z", 3, "90.0"),
             session_status("help.example.net", "99001", "2024-08-06T11:00:16.000Z", 4, "120.0"),
             session_status("help.example.net", "99001", "2024-08-06T11:00:21.000Z", 5, "150.0"),
         ])},
         verdicts=[v("4712", "chat_available")],
         must=["queue-growing"], text=["2 → 3 → 4 → 5"])

scenario("multi-entry-point-har",
         "One capture, three entry points: 1001 answers 1, 1002 answers 0, 1003 is blocked by CORS.",
         {"capture.har": har([
             initialize("chat.example.com", 1001, "2024-09-10T10:00:00.000Z", rt=1),
             initialize("chat.example.com", 1002, "2024-09-10T10:00:05.000Z", rt=0),
             script("chat.example.com", "2024-09-10T10:00:05.300Z"),
             initialize("chat.example.com", 1003, "2024-09-10T10:00:10.000Z", status=0, mime="", body=None, error="net::ERR_FAILED"),
         ])},
         verdicts=[v("1001", "chat_unavailable", "ep-no-agent"), v("1002", "chat_available"), v("1003", "chat_unavailable", "http-cors")],
         headline="chat_unavailable", headline_contains=["2 of 3 entry points refuse chats", "1002 takes chats"],
         must=["ep-no-agent", "http-cors"])

scenario("latest-answer-wins",
         "Entry point 1012: a CORS failure at 10:00:00, then an answer of 0 at 10:05 — listed out of time order in the capture. The latest by time decides.",
         {"capture.har": har([
             initialize("chat.example.com", 1012, "2024-09-11T10:05:00.000Z", rt=0),
             script("chat.example.com", "2024-09-11T10:05:00.300Z"),
             initialize("chat.example.com", 1012, "2024-09-11T10:00:00.000Z", status=0, mime="", body=None, error="net::ERR_FAILED"),
         ])},
         verdicts=[v("1012", "chat_available")],
         must=["http-cors"], severity={"http-cors": "warning"})

scenario("checkeligibility-xml-call",
         "The page calls checkEligibility (XML) instead of reading initialize: it is named so, and answers 1.",
         {"capture.har": har([
             entry("2024-09-12T08:00:00.000Z", "https://chat.example.com/system/egain/chat/entrypoint/checkEligibility/1013", mime="application/xml",
                   body='<checkEligibility responseType="1" xmlns:ns2="http://bindings.egain.com/chat"/>'),
         ])},
         verdicts=[v("1013", "chat_unavailable", "ep-no-agent")],
         must=["ep-no-agent"], text=["The checkEligibility call answered responseType 1"])

scenario("two-hars-two-entry-points",
         "Two captures, one entry point each: 5001 answers 0 (with its scripts), 5002 answers 2.",
         {
             "a-5001.har": har([initialize("chat.example.com", 5001, "2024-09-13T09:00:00.000Z", rt=0), script("chat.example.com", "2024-09-13T09:00:00.200Z")]),
             "b-5002.har": har([initialize("chat.example.com", 5002, "2024-09-13T09:01:00.000Z", rt=2)]),
         },
         verdicts=[v("5001", "chat_available"), v("5002", "chat_unavailable", "ep-queue-full")],
         headline_contains=["1 of 2 entry points refuse chats"], must=["ep-queue-full"])

scenario("unknown-response-type",
         "The entry point answers responseType 7: no source defines it; shown as is, no verdict.",
         {"capture.har": har([initialize("chat.example.com", 1014, "2024-09-14T09:00:00.000Z", rt=7)])},
         verdicts=[v("1014", "undecided", "ep-no-verdict")],
         must=["ep-no-verdict"], must_not=["ep-no-agent"], text=["7 — unknown value"])

# 8. Inputs that cannot be read.
scenario("broken-har-and-an-answer",
         "A HAR cut short (the copy stopped) next to a pasted answer of 1: the answer still counts, the HAR is named as unreadable.",
         {
             "capture.har": har([initialize("chat.example.com", 1015, "2024-09-15T09:00:00.000Z", rt=0)])[:700],
             "answer.json": json.dumps({"checkEligibility": {"responseType": 1}}),
         },
         verdicts=[v(None, "chat_unavailable", "ep-no-agent")],
         headline_contains=["Could not be read: capture.har"],
         must=["input-unreadable", "ep-no-agent"])

scenario("broken-har-alone",
         "Only a HAR that is not JSON (an HTML error page saved as .har): undecided, and saying why.",
         {"capture.har": '{"log": {"version": "1.2", "entries": [ <html><body>Gateway Timeout</body></html>\n'},
         verdicts=[], headline="undecided", headline_contains=["Could not be read: capture.har"],
         must=["input-unreadable"])

scenario("broken-har-before-a-capture",
         "One paste: a broken HAR ({\"log\": {\"entries\": 5}}) and then a capture whose initialize call is blocked (CORS). The capture after the broken one is read and decides; the broken one is named as unreadable.",
         {"paste.har": '{"log": {"entries": 5}}\n' + har([
             template("chat.example.com", 1016, "2024-09-16T09:00:00.000Z"),
             initialize("chat.example.com", 1016, "2024-09-16T09:00:01.000Z", status=0, mime="", body=None, error="net::ERR_FAILED"),
         ])},
         verdicts=[v("1016", "chat_unavailable", "http-cors")],
         headline_contains=["Could not be read: paste.har"],
         must=["http-cors", "input-unreadable"], must_not=["ep-no-agent"])

def cut_short(text, fraction=0.5):
    """A capture cut short at a line's end (an export or a copy that stopped)."""
    lines = text.splitlines()
    return "\n".join(lines[:int(len(lines) * fraction)])


scenario("cut-har-before-a-capture",
         "One paste: a capture cut short half way (its export stopped) and then a whole capture whose initialize call is blocked (CORS). The whole capture is read and decides; the cut one is named as unreadable where it ends.",
         {"paste.har": cut_short(har([
             template("chat.example.com", 1017, "2024-09-16T08:00:00.000Z"),
             initialize("chat.example.com", 1017, "2024-09-16T08:00:01.000Z", rt=0),
         ])) + "\n" + har([
             template("chat.example.com", 1016, "2024-09-16T09:00:00.000Z"),
             initialize("chat.example.com", 1016, "2024-09-16T09:00:01.000Z", status=0, mime="", body=None, error="net::ERR_FAILED"),
         ])},
         verdicts=[v("1016", "chat_unavailable", "http-cors")],
         headline_contains=["Could not be read: paste.har"],
         must=["http-cors", "input-unreadable"], must_not=["ep-no-agent"])

scenario("two-pasted-answers",
         "Two answers pasted without their entry point's id: one says 1, the other 2. Each is its own verdict.",
         {"a.json": json.dumps({"checkEligibility": {"responseType": 1}}),
          "b.json": json.dumps({"checkEligibility": {"responseType": 2}})},
         verdicts=[v(None, "chat_unavailable", "ep-no-agent"), v(None, "chat_unavailable", "ep-queue-full")],
         headline_contains=["2 of 2 entry points refuse chats"],
         must=["ep-no-agent", "ep-queue-full"])

scenario("pasted-answer-truncated",
         "A pasted answer cut short: undecided, never 'cannot start a chat'.",
         {"answer.json": '{"checkEligibility":{"responseType":1'},
         verdicts=[v(None, "undecided", "input-unreadable")], must=["input-unreadable"], must_not=["ep-no-agent"])

scenario("pasted-answer-1e400",
         "A pasted answer whose number does not fit a double (1e400): undecided.",
         {"answer.json": '{"checkEligibility":{"responseType":1e400}}'},
         verdicts=[v(None, "undecided", "input-unreadable")], must=["input-unreadable"], must_not=["ep-no-agent"])

scenario("pasted-answer-empty-object",
         "A pasted answer {}: readable, but no verdict in it.",
         {"answer.json": "{}"},
         verdicts=[v(None, "undecided", "ep-no-verdict")], must=["ep-no-verdict"], must_not=["ep-no-agent"])

scenario("pasted-answer-huge-response-type",
         "responseType 99999999999999999999999: shown as written, no verdict.",
         {"answer.json": '{"checkEligibility":{"responseType":99999999999999999999999}}'},
         verdicts=[v(None, "undecided", "ep-no-verdict")], must=["ep-no-verdict"],
         text=["99999999999999999999999"])

# 9. Mixed evidence.
scenario("logs-from-another-day",
         "The answer (1, on 2024-10-02) and the logs (an agent ready on 2024-09-20) are from different days: no contradiction is claimed.",
         {
             "listener.log": text(listener_ready("2024-09-20", "15:00:00.000", 71001, 5000, 8601, 2)),
             "opc.log": text(opc("17:00:00:070", "PG1A", 8601, 15601, 5000, 6928, 70518, "AS_NOT_READY", "AS_NOT_ACTIVE", inv=71001)),
             "capture.har": har([initialize("chat.example.com", 1016, "2024-10-02T09:30:00.000Z", rt=1)]),
         },
         verdicts=[v("1016", "chat_unavailable", "ep-no-agent")],
         must=["evidence-other-time", "ep-no-agent"], must_not=["type1-with-ready-agent"])

scenario("har-without-chat-calls-and-logs",
         "A capture of the company site without any chat call, plus the seed-shaped ready flow: the HAR says what to capture instead.",
         {
             "site.har": har([noise("www.example.com", "2024-10-03T08:00:00.000Z"), noise("www.example.com", "2024-10-03T08:00:01.000Z")]),
             "listener.log": text(listener_ready("2024-10-03", "08:00:00.000", 72001, 5000, 8701, 2)),
             "opc.log": text(opc("08:00:00:050", "PG3A", 8701, 15701, 5000, 6928, 70518, "AS_NOT_READY", "AS_NOT_ACTIVE", inv=72001)),
         },
         verdicts=[], headline="undecided", headline_contains=["agent 8701 ready"],
         must=["har-without-ece-calls"], healthy=True)

scenario("unrecognised-lines-in-a-paste",
         "Log lines with a few lines of notes pasted in between: counted, kept, not analysed.",
         {"opc.log": text(["Notes from the customer call:", "agent says she is ready since 9:00"] +
                          opc("09:10:00:000", "PG1A", 8801, 15801, 5000, 6928, 70518, "AS_NOT_READY", "AS_NOT_ACTIVE"))},
         verdicts=[], headline="undecided", must=["unrecognised-lines"], healthy=True)

scenario("two-agents-two-entry-points-mixed",
         "Two entry points (1021 answers 1, 1022 answers 0) and two agents (8901 with D, 8902 ready): D is a warning (an agent is available), the contradiction on 1021 is named.",
         {
             "rttest.txt": text(rttest(8901, "CUCM.a8901", 15901, [chat_domain("na", 0, 2, "RD")])
                                + rttest(8902, "CUCM.a8902", 15902, [chat_domain("na", 1, 3, "RA")])),
             "capture.har": har([
                 initialize("chat.example.com", 1021, "2024-10-04T10:00:00.000Z", rt=1),
                 initialize("chat.example.com", 1022, "2024-10-04T10:00:02.000Z", rt=0),
                 script("chat.example.com", "2024-10-04T10:00:02.300Z"),
             ]),
         },
         verdicts=[v("1021", "chat_unavailable", "type1-with-ready-agent"), v("1022", "chat_available")],
         must=["router-d-flag", "type1-with-ready-agent"], severity={"router-d-flag": "warning"})


def main():
    for name, (description, files, expected) in SCENARIOS.items():
        d = os.path.join(HERE, name)
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)
        for fname, content in files.items():
            with open(os.path.join(d, fname), "w", newline="\n") as f:
                f.write(content)
        exp = {"description": description}
        exp.update(expected)
        with open(os.path.join(d, "expected.json"), "w") as f:
            json.dump(exp, f, indent=2, ensure_ascii=False)
            f.write("\n")
    print(f"{len(SCENARIOS)} scenarios written to {HERE}")


if __name__ == "__main__":
    main()
