#!/usr/bin/env python3
"""A minimal headless-Chromium driver for the dashboard's browser test (standard library only).

Chromium is started with --remote-debugging-pipe (DevTools protocol messages on fds 3/4, NUL
separated), so no websocket client or port is needed. The test sends one JSON command per line on
stdin and reads one JSON answer per line on stdout:

  {"cmd": "open", "url": "http://127.0.0.1:PORT/"}
  {"cmd": "wait", "js": "EXPRESSION", "timeout": 15}   -> waits until EXPRESSION is truthy
  {"cmd": "eval", "js": "EXPRESSION"}                 -> {"ok": true, "value": ...}
  {"cmd": "dom", "path": "FILE.html"}                 -> writes document.documentElement.outerHTML
  {"cmd": "screenshot", "path": "FILE.png"}
  {"cmd": "quit"}

Usage: cdp_driver.py CHROMIUM_BINARY PROFILE_DIR
"""
import base64
import json
import os
import subprocess
import sys
import time


class Chromium:
    def __init__(self, binary, profile):
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire():
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--remote-debugging-pipe",
             "--window-size=1280,2200", "--user-data-dir=" + profile, "about:blank"],
            pass_fds=(3, 4), preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next = 0
        self.session = None

    def call(self, method, params=None, session=True):
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_chrome, 1 << 16)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buffer += chunk
            line, self._buffer = self._buffer.split(b"\0", 1)
            answer = json.loads(line)
            if answer.get("id") == self._next:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})

    def open(self, url):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    browser = Chromium(sys.argv[1], sys.argv[2])
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            try:
                kind = command["cmd"]
                if kind == "open":
                    browser.open(command["url"])
                    answer = {"ok": True}
                elif kind == "wait":
                    deadline = time.time() + float(command.get("timeout", 15))
                    value = None
                    while time.time() < deadline:
                        try:
                            value = browser.evaluate(command["js"])
                        except RuntimeError:
                            value = None
                        if value:
                            break
                        time.sleep(0.1)
                    answer = {"ok": bool(value), "value": value}
                elif kind == "eval":
                    answer = {"ok": True, "value": browser.evaluate(command["js"])}
                elif kind == "dom":
                    html = browser.evaluate("document.documentElement.outerHTML")
                    with open(command["path"], "w", encoding="utf-8") as f:
                        f.write(html)
                    answer = {"ok": True, "bytes": len(html)}
                elif kind == "screenshot":
                    shot = browser.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
                    with open(command["path"], "wb") as f:
                        f.write(base64.b64decode(shot["data"]))
                    answer = {"ok": True}
                elif kind == "quit":
                    print(json.dumps({"ok": True}), flush=True)
                    break
                else:
                    answer = {"ok": False, "error": f"unknown command {kind}"}
            except Exception as error:  # reported to the test, which fails with the message
                answer = {"ok": False, "error": str(error)}
            print(json.dumps(answer), flush=True)
    finally:
        browser.close()


if __name__ == "__main__":
    main()
