#!/usr/bin/env python3
"""Writes the compare scenarios: one directory per pair of captures, each side in its own folder
(before/ and after/, or works/ and fails/), and README.txt saying what the pair shows.

The inputs use the scenario corpus's writers (../scenarios/make.py: listener ARMLogger records with
signed byte dumps, ctisvr and OPC traces, rttest agent_status, Chrome-shaped HAR 1.2 captures).
tests/compare_golden.rs runs `ece-triage compare` on each and checks the text and JSON output
against tests/golden/compare-<name>.{txt,json}. Run it from anywhere; it rewrites only its own
scenario directories.
"""

import importlib.util
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("corpus", os.path.join(HERE, "..", "scenarios", "make.py"))
c = importlib.util.module_from_spec(spec)
spec.loader.exec_module(c)

HOST = "chat.example.com"
PAIRS = {}


def pair(name, description, sides):
    PAIRS[name] = (description, sides)


def worked_at_nine_not_at_two():
    """Agent 7101's chat MRD: made ready at 08:55 and RA at the router, the entry point answers 0
    at 09:00; at 14:00 the router shows the MRD without its A flag ([na-0:3,R]) and the entry
    point answers 1. The afternoon's logs show the agent's new login and MAKE_AGENT_ROUTABLE_IND,
    and no MAKE_AGENT_READY_IND, no OPC state change to AS_NOT_ACTIVE."""
    date = "2024-05-14"
    agent, periph, mrd = 7101, 15101, 5000
    before = {
        "listener.log": c.text(
            c.listener_login(date, "08:55:10.120", 91010, mrd, agent, 3, "jdoe", 0, "08:55:10.310")
            + c.listener_ready(date, "08:55:30.500", 91011, mrd, agent, 3)),
        "ctisvr.log": c.text(
            c.ctisvr_login("10:55:10:130", "10:55:10:300", "cg1a", 6, 91010, mrd, agent, 3, "jdoe", 5001, 0)
            + c.ctisvr_ready("10:55:30:510", "cg1a", 6, 91011, mrd, agent, 3, 117497, 6928)),
        "opc.log": c.text(c.opc("10:55:30:515", "PG1A", agent, periph, mrd, 6928, 70518,
                                "AS_NOT_READY", "AS_NOT_ACTIVE", inv=91011, max_tasks=3)),
        "rttest.txt": c.text(c.rttest(agent, "CUCM.jdoe", periph,
                                      [c.voice_domain(), c.chat_domain("na", 0, 3, "RA")])),
        "capture.har": c.har([
            c.template(HOST, 1001, "2024-05-14T09:00:04.100Z"),
            c.initialize(HOST, 1001, "2024-05-14T09:00:04.400Z", rt=0),
            c.script(HOST, "2024-05-14T09:00:04.600Z"),
            c.bosh(HOST, 1001, "2024-05-14T09:00:09.000Z", c.BOSH_CREATE.format(to=1001),
                   c.BOSH_CREATED.format(sid=88012)),
        ]),
    }
    after = {
        "listener.log": c.text(
            c.listener_login(date, "13:40:02.010", 91110, mrd, agent, 3, "jdoe", 0, "13:40:02.200")
            + [c.arm(f"{date} 13:40:03.000", "out", "MAKE_AGENT_ROUTABLE_IND",
                     c.routable_ind(91111, mrd, agent, 3))]),
        "ctisvr.log": c.text(
            c.ctisvr_login("15:40:02:020", "15:40:02:190", "cg1a", 6, 91110, mrd, agent, 3, "jdoe", 5001, 0)
            + c.ctisvr_ready("15:40:03:010", "cg1a", 6, 91111, mrd, agent, 3, 117497, 6928,
                             state="NOT_READY")[:3]),
        "opc.log": c.text(c.opc("15:40:03:015", "PG1A", agent, periph, mrd, 6928, 70518,
                                None, None, inv=91111, max_tasks=3)[:1]),
        "rttest.txt": c.text(c.rttest(agent, "CUCM.jdoe", periph,
                                      [c.voice_domain(), c.chat_domain("na", 0, 3, "R")])),
        "capture.har": c.har([
            c.template(HOST, 1001, "2024-05-14T14:00:04.100Z"),
            c.initialize(HOST, 1001, "2024-05-14T14:00:04.400Z", rt=1),
        ]),
    }
    pair("worked-at-0900-not-at-1400", worked_at_nine_not_at_two.__doc__,
         {"before": before, "after": after})


def agent_a_gets_chats_agent_b_does_not():
    """Two agents of one team on the same chat MRD, captured side by side: agent 7301 (works) is
    logged in, made ready, AS_NOT_ACTIVE at OPC and RA at the router; agent 7302 (fails) is logged
    in and made routable and ready by the listener too, but OPC never moves it to AS_NOT_ACTIVE and
    the router shows [na-0:2,RD]: the D flag of the seed's case. No entry-point answer on either
    side (the entry point answers 0 while agent 7301 is free)."""
    date = "2024-06-20"
    mrd = 5000

    def side(agent, periph, name, flags, inv, t_gmt, t_pg, ready_at_opc):
        return {
            f"listener-{agent}.log": c.text(
                c.listener_login(date, f"{t_gmt}.100", inv, mrd, agent, 2, name, 0, f"{t_gmt}.300")
                + c.listener_ready(date, f"{t_gmt[:-2]}{int(t_gmt[-2:]) + 5:02d}.000", inv + 1, mrd, agent, 2)),
            f"opc-{agent}.log": c.text(c.opc(f"{t_pg}:500", "PG1A", agent, periph, mrd, 6928, 70518,
                                             "AS_NOT_READY", "AS_NOT_ACTIVE" if ready_at_opc else None,
                                             inv=inv + 1)),
            f"rttest-{agent}.txt": c.text(c.rttest(agent, f"CUCM.{name}", periph,
                                                   [c.chat_domain("na", 0, 2, flags)])),
        }

    pair("agent-a-gets-chats-agent-b-does-not", agent_a_gets_chats_agent_b_does_not.__doc__, {
        "works": side(7301, 15301, "akhan", "RA", 72010, "10:02:10", "12:02:15", True),
        "fails": side(7302, 15302, "bmoreau", "RD", 72020, "10:03:20", "12:03:25", False),
    })


def main():
    worked_at_nine_not_at_two()
    agent_a_gets_chats_agent_b_does_not()
    for name, (description, sides) in PAIRS.items():
        d = os.path.join(HERE, name)
        shutil.rmtree(d, ignore_errors=True)
        for side, files in sides.items():
            os.makedirs(os.path.join(d, side))
            for fname, body in files.items():
                with open(os.path.join(d, side, fname), "w", newline="\n") as f:
                    f.write(body)
        with open(os.path.join(d, "README.txt"), "w") as f:
            f.write(" ".join(description.split()) + "\n")
    print(f"{len(PAIRS)} compare scenarios written to {HERE}")


if __name__ == "__main__":
    main()
