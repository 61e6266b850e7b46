#!/usr/bin/env python3
"""A stand-in for the trading bot whose health server healthlite replaces.

It reports its own state to a healthlite sidecar through the push API (plain
HTTP on loopback; urllib, no client library) and by touching a heartbeat
file, then "trades" until SIGTERM or SIGINT:

  * starts with bot_ready and trading_bot_initialized false (healthlite's
    --flag defaults), so /readyz and /health say not ready;
  * after --startup-delay seconds sets trading_bot_initialized, then
    bot_ready, and the "trading" status to pass;
  * every --interval seconds POSTs /heartbeat/bot and touches the heartbeat
    file, so both the push heartbeat and the file check stay fresh;
  * on SIGTERM sets bot_ready false first, so load balancers stop sending
    work before it exits.

Usage: bot.py [--push 127.0.0.1:9901] [--heartbeat-file PATH]
              [--interval 5] [--startup-delay 2] [--status trading]
"""

import argparse
import logging
import os
import signal
import sys
import threading
import urllib.error
import urllib.request

log = logging.getLogger("trading-bot")


class Push:
    """The healthlite push API: POST /flags/NAME, /heartbeat/NAME, /status/NAME."""

    def __init__(self, addr):
        if "://" in addr:
            raise ValueError(f"--push {addr!r}: want HOST:PORT, such as 127.0.0.1:9901")
        self.base = "http://" + addr

    def post(self, path, body=""):
        req = urllib.request.Request(self.base + path, data=body.encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
        try:
            with urllib.request.urlopen(req, timeout=2) as resp:
                resp.read()
            return True
        except urllib.error.HTTPError as e:
            # 4xx: a name healthlite was not told about; say so and go on.
            log.warning("push %s refused: %s %s", path, e.code, e.read().decode().strip())
        except (urllib.error.URLError, OSError) as e:
            # healthlite restarting: the next beat tries again.
            log.warning("push %s failed: %s", path, getattr(e, "reason", e))
        return False

    def flag(self, name, value):
        return self.post("/flags/" + name, "true" if value else "false")

    def heartbeat(self, name):
        return self.post("/heartbeat/" + name)

    def status(self, name, status, message=""):
        return self.post("/status/" + name, (status + " " + message).strip())


def touch(path):
    """Create path or update its modification time (the heartbeat file)."""
    with open(path, "a"):
        pass
    os.utime(path, None)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--push", default=os.environ.get("HEALTHLITE_PUSH", "127.0.0.1:9901"),
                   help="healthlite push API address (env HEALTHLITE_PUSH)")
    p.add_argument("--heartbeat-file", default=os.environ.get("HEARTBEAT_FILE", "/tmp/trading_bot.heartbeat"),
                   help="file touched on every beat (env HEARTBEAT_FILE)")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between heartbeats")
    p.add_argument("--startup-delay", type=float, default=2.0, help="seconds of pretend start-up work")
    p.add_argument("--status", default="", help="also report this --status check (pass + a message)")
    args = p.parse_args(argv)
    if args.interval <= 0 or args.startup_delay < 0:
        p.error("--interval must be positive and --startup-delay not negative")
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s - %(name)s - %(levelname)s - %(message)s")
    try:
        push = Push(args.push)
    except ValueError as e:
        p.error(str(e))

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    log.info("starting (push API %s, heartbeat file %s)", args.push, args.heartbeat_file)
    touch(args.heartbeat_file)
    push.heartbeat("bot")
    if stop.wait(args.startup_delay):
        return 0
    push.flag("trading_bot_initialized", True)
    push.flag("bot_ready", True)
    if args.status:
        push.status(args.status, "pass", "trading, 0 open positions")
    log.info("ready")

    beats = 0
    while not stop.wait(args.interval):
        touch(args.heartbeat_file)
        push.heartbeat("bot")
        beats += 1
        if args.status and beats % 10 == 0:
            push.status(args.status, "pass", f"trading, {beats} heartbeats sent")

    log.info("stopping: bot_ready=false first, so traffic drains")
    push.flag("bot_ready", False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
