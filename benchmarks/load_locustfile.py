"""The staff the `load` group simulates (Locust): people of every role walking their pages and the API.

Not run on its own: `benchmarks/load_group.py` writes the plan (accounts, each with its token and the
pages and API endpoints its role may open) to a JSON file named by HEARTLINE_LOAD_PLAN, then starts
`locust --headless -f benchmarks/load_locustfile.py`. Each simulated person takes the next account
of the plan, signs in through the login form, then opens a page or calls the API at random (two
pages per API call), resting `wait_seconds` between. Anything but a 200 is a failure, and so is a
page that sends a signed-in person back to the login form (a page may redirect elsewhere: the member
voice home opens the person's own unit).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["HEARTLINE_LOAD_PLAN"]).read_text())
_ACCOUNTS = itertools.cycle(PLAN["accounts"])
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class StaffMember(HttpUser):
    wait_time = between(*PLAN["wait_seconds"])

    def on_start(self) -> None:
        self.account: dict[str, Any] = next(_ACCOUNTS)
        self.pick = random.Random(self.account["username"])
        form = self.client.get("/login/", name="login form")
        found = _CSRF.search(form.text)
        with self.client.post(
            "/login/",
            data={
                "username": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": found.group(1) if found else "",
            },
            headers={"Referer": f"{self.host}/login/"},
            name="sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {self.account['username']} answered {response.status_code}")

    def _expect_ok(self, path: str, name: str, headers: dict[str, str] | None = None) -> None:
        with self.client.get(path, name=name, headers=headers, catch_response=True) as response:
            if response.status_code != 200 or urlsplit(response.url).path == "/login/":
                response.failure(
                    f"{self.account['role']} {self.account['username']}: {response.status_code} {response.url}"
                )

    @task(2)
    def open_page(self) -> None:
        path = self.pick.choice(self.account["pages"])
        self._expect_ok(path, f"page {path}")

    @task(1)
    def call_api(self) -> None:
        path = self.pick.choice(self.account["api"])
        self._expect_ok(path, f"api {path}", headers={"Authorization": f"Bearer {self.account['token']}"})
