"""The load scenario (#26): workers and citizens at once, against a server on 127.0.0.1.

Run it through benchmarks/load.py, which prepares a database, starts gunicorn and locust for a
bounded time and prints the table for docs/performance.md. Workers log in with the demo
accounts (demo mode: no second factor) and go through their work: home, worklists, a case,
the sociale kaart, the handover inbox. Citizens log in with the demo login and read their
overview, a question and their messages. A partner system (UWV's direct line, through the
API with the token load.py made) lists its handovers, reads one, and follows the event feed.
Every non-2xx/3xx answer counts as an error.
"""

import os
import random
import re

from locust import HttpUser, between, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE_LINK = re.compile(r'href="(/werk/zaken/[0-9a-f-]{36}/)"')
PORTAL_CASE = re.compile(r'href="(/mijn/vragen/[0-9a-f-]{36}/)"')
PERSON_OPTION = re.compile(r'<option value="([0-9a-f-]{36})"')
WORKERS = ("fatima", "ingrid", "joost", "mirjam")
PASSWORD = "eenloket-demo"


def _token(response):
    match = CSRF.search(response.text)
    return match.group(1) if match else ""


class Worker(HttpUser):
    weight = 3
    wait_time = between(0.5, 2)

    def on_start(self):
        page = self.client.get("/werk/inloggen/", name="login page")
        self.client.post(
            "/werk/inloggen/",
            {
                "csrfmiddlewaretoken": _token(page),
                "username": random.choice(WORKERS),
                "password": PASSWORD,
            },
            headers={"Referer": self.host + "/werk/inloggen/"},
            name="worker login",
        )
        self.cases = CASE_LINK.findall(self.client.get("/werk/werklijsten/", name="worklists").text)

    @task(3)
    def home(self):
        self.client.get("/werk/", name="worker home")

    @task(2)
    def worklists(self):
        response = self.client.get("/werk/werklijsten/", name="worklists")
        self.cases = CASE_LINK.findall(response.text) or self.cases

    @task(4)
    def case(self):
        if self.cases:
            self.client.get(random.choice(self.cases), name="case page")

    @task(2)
    def directory(self):
        query = random.choice(["schulden", "huurtoeslag", "ww", "bijstand", "kinderbijslag"])
        self.client.get(f"/werk/sociale-kaart/?q={query}", name="sociale kaart search")

    @task(1)
    def inbox(self):
        self.client.get("/werk/overdrachten/", name="handover inbox")


class Citizen(HttpUser):
    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        page = self.client.get("/mijn/inloggen/", name="portal login page")
        people = PERSON_OPTION.findall(page.text)
        self.client.post(
            "/mijn/inloggen/",
            {
                "csrfmiddlewaretoken": _token(page),
                "person": random.choice(people) if people else "",
                "assurance": "substantieel",
            },
            headers={"Referer": self.host + "/mijn/inloggen/"},
            name="citizen login",
        )
        self.cases = PORTAL_CASE.findall(self.client.get("/mijn/", name="portal overview").text)

    @task(3)
    def overview(self):
        self.client.get("/mijn/", name="portal overview")

    @task(2)
    def question(self):
        if self.cases:
            self.client.get(random.choice(self.cases), name="portal question")

    @task(1)
    def messages(self):
        self.client.get("/mijn/berichten/", name="portal messages")


class Partner(HttpUser):
    weight = 1
    wait_time = between(0.5, 2)

    def on_start(self):
        self.client.headers["Authorization"] = f"Bearer {os.environ['EENLOKET_LOAD_API_TOKEN']}"
        self.seen = []

    @task(3)
    def handovers(self):
        page = self.client.get("/api/v1/handovers", name="API handovers")
        if page.ok:
            self.seen = [item["id"] for item in page.json().get("items", [])]

    @task(2)
    def handover(self):
        if self.seen:
            handover = random.choice(self.seen)
            self.client.get(f"/api/v1/handovers/{handover}", name="API handover")

    @task(2)
    def events(self):
        self.client.get("/api/v1/events", name="API events")
