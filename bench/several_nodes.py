"""Renkei on several web nodes, sharing PostgreSQL and Redis: scaling, and a realistic mix of reads and writes.

    bash bench/postgres.sh start
    export DATABASE_URL=postgres://renkei:renkei@127.0.0.1:54339/renkei_bench
    .venv/bin/python bench/generate.py && .venv/bin/python bench/generate_board.py \\
      && .venv/bin/python bench/generate_events.py --events 20000 --registrations 200000
    .venv/bin/python bench/several_nodes.py            # --duration 10, --only scaling|mix

Redis is started on a port of its own (scripts/redis.sh) and empty, as the nodes' shared cache,
sessions and generations. Each node is gunicorn with 2 sync workers, as in the Procfile.

Scaling: the floor page, the board list and a post page with one node, then with two nodes
side by side (one wrk per node, the figures summed): requests/s, p99 and the server's CPU per
request (from /proc, every process of the nodes). On one machine both nodes share the same two
cores, so two nodes cannot serve more than one; what must hold is that nothing serialises across
them, so two nodes serve about as much as one at the same CPU per request.

The mix: two nodes, 50 signed-in members' staff of different networks (sessions made in the
session store, as bench/run.py does), each page kind read by all 50 in turn (their own network's
board list, a post of their board, their network's directory, the events calendar, search) while
a separate process writes through the same services the views call, on the same database and
Redis: a new post or a reply every second (alternately, on the boards the readers read) and a
registration every two seconds. Each page kind is compared with the floor page measured alone
(no writes) on the same nodes, and the share of its pages that were drawn afresh rather than
served as kept is counted (the nodes say which in a header under RENKEI_BENCH).
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE  # noqa: E402
from bench.generate_board import COMMON_WORD, RARE_WORD  # noqa: E402
from bench.run import (  # noqa: E402
    BOARD,
    GUNICORN,
    PYTHON,
    cpu_ticks,
    detail_post,
    fmt_ms,
    free_port,
    parse_wrk,
    server_env,
    wait_for_server,
    wait_until_idle,
    worker_pids,
)

REDIS_PORT = 63797
READERS = 50
WORK = Path(__file__).with_name("several_nodes_work.py")

LUA = """
local pairs_ = {PAIRS}
kept, drawn = 0, 0  -- globals: done() reads each thread's with thread:get
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + os.clock() * 1000000) end
function request()
  local p = pairs_[math.random(#pairs_)]
  if p[2] == "" then return wrk.format("GET", p[1]) end
  return wrk.format("GET", p[1], {["Cookie"] = p[2]})
end
function response(status, headers, body)
  local how = headers["X-Renkei-Kept"]
  if how == "kept" then kept = kept + 1 elseif how == "drawn" then drawn = drawn + 1 end
end
function done(summary, latency, requests)
  local k, d = 0, 0
  for _, t in ipairs(threads) do k = k + t:get("kept"); d = d + t:get("drawn") end
  io.write(string.format("KEPT %d DRAWN %d\\n", k, d))
end
"""


@dataclass
class Run:
    rps: float
    p99: float | None
    cpu_ms: float | None
    kept: int
    drawn: int
    bad: int

    @property
    def drawn_share(self) -> str:
        total = self.kept + self.drawn
        return f"{self.drawn / total:.1%}" if total else "—"


def lua_script(pairs: list[tuple[str, str]], directory: str) -> str:
    body = ", ".join(f"{{{json.dumps(path)}, {json.dumps(cookie)}}}" for path, cookie in pairs)
    path = Path(directory) / f"pairs-{abs(hash(body))}.lua"
    path.write_text(LUA.replace("{PAIRS}", "{" + body + "}"))
    return str(path)


def start_node(env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [GUNICORN, "renkei.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_for_server(base + "/bench/floor/", process)
    return process, base


def measure(nodes: list[tuple[subprocess.Popen, str]], pairs, seconds: int, tmp: str) -> Run:
    """wrk on every node at once, with 16 connections shared among them; the figures summed."""
    script = lua_script(pairs, tmp)
    connections = 16 // len(nodes)
    for _process, base in nodes:  # warm-up: each node's workers keep their pages
        warm = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", "-d3s", "-s", script, base], capture_output=True, text=True
        )
        if warm.returncode:
            raise SystemExit(f"wrk failed on {base}: {warm.stdout}{warm.stderr}")
    for process, _base in nodes:
        wait_until_idle(process.pid, limit=5)
    pids = [pid for process, _base in nodes for pid in worker_pids(process.pid)]
    before = cpu_ticks(pids)
    runs = [
        subprocess.Popen(
            [
                "wrk",
                f"-t{2 // len(nodes) or 1}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                script,
                base,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _process, base in nodes
    ]
    outputs = [run.communicate()[0] for run in runs]
    ticks = cpu_ticks(pids) - before
    parsed = [parse_wrk(output) for output in outputs]
    for output, found in zip(outputs, parsed, strict=True):
        if not found["rps"]:
            print(f"wrk measured nothing:\n{output}", file=sys.stderr)
    rps = sum(p["rps"] for p in parsed)
    kept = drawn = 0
    for output in outputs:
        for line in output.splitlines():
            if line.startswith("KEPT "):
                _, k, _, d = line.split()
                kept, drawn = kept + int(k), drawn + int(d)
    cpu_ms = ticks / os.sysconf("SC_CLK_TCK") * 1000 / (rps * seconds) if rps else None
    p99s = [p["p99"] for p in parsed if p["p99"] is not None]
    return Run(rps, max(p99s) if p99s else None, cpu_ms, kept, drawn, sum(p["non2xx"] for p in parsed))


def row(label: str, run: Run, floor: Run | None, extra: str = "") -> str:
    ratio = f"{run.rps / floor.rps:.2f}" if floor and floor.rps else "1.00"
    cpu = f"{run.cpu_ms:.1f} ms" if run.cpu_ms else "—"
    bad = f" ({run.bad} non-2xx)" if run.bad else ""
    return f"| {label} | {run.rps:,.0f}{bad} | {fmt_ms(run.p99)} | {ratio} | {cpu} |{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", choices=["scaling", "mix"])
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Several nodes share PostgreSQL: set DATABASE_URL or --database-url (bench/postgres.sh)")
    subprocess.run(["bash", "scripts/redis.sh", "stop"], cwd=ROOT, env=dict(os.environ, REDIS_PORT=str(REDIS_PORT)))
    subprocess.run(["bash", "scripts/redis.sh", "start"], cwd=ROOT, env=dict(os.environ, REDIS_PORT=str(REDIS_PORT)))
    env = server_env(args.database_url)
    env["CACHE_URL"] = f"rediscache://127.0.0.1:{REDIS_PORT}/1"
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    made = subprocess.run([PYTHON, str(WORK), "personas", str(READERS)], env=env, cwd=ROOT, stdout=subprocess.PIPE)
    if made.returncode:
        raise SystemExit("could not sign the readers in: see above")
    people = json.loads(made.stdout)
    alliance = [p for p in people if p["network"] == ALLIANCE]
    detail = detail_post(env)
    floor = [("/bench/floor/", "")]
    nodes: list[tuple[subprocess.Popen, str]] = []
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{args.database_url.split('@')[-1]}, Redis :{REDIS_PORT}, {args.duration} s per figure, load {load}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            nodes.append(start_node(env))
            if args.only != "mix":
                pages = {
                    "floor page": floor,
                    "board list (alliance members)": [(BOARD, p["cookie"]) for p in alliance],
                    f"a post with 50 replies (alliance members, {detail})": [
                        (f"{BOARD}{detail}/", p["cookie"]) for p in alliance
                    ],
                }
                one = {label: measure(nodes[:1], pairs, args.duration, tmp) for label, pairs in pages.items()}
                nodes.append(start_node(env))
                two = {label: measure(nodes, pairs, args.duration, tmp) for label, pairs in pages.items()}
                print("\nScaling: one node against two (2 workers each), the same two cores")
                print("| page | nodes | req/s | p99 | ratio to the floor page | CPU per request | two nodes / one |")
                print("|---|---|---|---|---|---|---|")
                for label in pages:
                    for count, runs in ((1, one), (2, two)):
                        line = row(label, runs[label], runs["floor page"])
                        line = line.replace(f"| {label} |", f"| {label} | {count} |", 1)
                        scale = f" {two[label].rps / one[label].rps:.2f} |" if count == 2 and one[label].rps else " |"
                        print(line + scale)
            if args.only != "scaling":
                if len(nodes) < 2:
                    nodes.append(start_node(env))
                slugs = sorted({p["network"] for p in people})
                kinds = {
                    "board list": [(f"/networks/{p['network']}/board/", p["cookie"]) for p in people],
                    "a post": [(f"/networks/{p['network']}/board/{p['post']}/", p["cookie"]) for p in people],
                    "member directory": [(f"/networks/{p['network']}/directory/", p["cookie"]) for p in people],
                    "events calendar": [("/events/", p["cookie"]) for p in people],
                    "search": [
                        ("/search/?q=" + quote(word), p["cookie"])
                        for p in people
                        for word in (COMMON_WORD, RARE_WORD, "移住")
                    ],
                }
                alone = measure(nodes, floor, args.duration, tmp)
                print(f"\nThe mix: two nodes, {len(people)} members of {len(slugs)} networks, writes as they read")
                print("| page | req/s | p99 | ratio to the floor page alone | CPU per request | drawn afresh |")
                print("|---|---|---|---|---|---|")
                print(row("floor page (alone, no writes)", alone, alone, " — |"))
                for label, pairs in kinds.items():
                    writer = subprocess.Popen([PYTHON, str(WORK), "writer", ",".join(slugs)], env=env, cwd=ROOT,
                                              stdout=subprocess.PIPE, text=True)  # fmt: skip
                    time.sleep(2)
                    run = measure(nodes, pairs, args.duration, tmp)
                    writer.send_signal(signal.SIGTERM)
                    written = writer.communicate(timeout=60)[0].strip()
                    print(row(label, run, alone, f" {run.drawn_share} of {run.kept + run.drawn:,} | writes {written}"))
    finally:
        for process, _base in nodes:
            process.terminate()
            process.wait(30)
        subprocess.run(["bash", "scripts/redis.sh", "stop"], cwd=ROOT, env=dict(os.environ, REDIS_PORT=str(REDIS_PORT)))


if __name__ == "__main__":
    main()
