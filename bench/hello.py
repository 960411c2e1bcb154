"""The bare 'hello' endpoint the list page is measured against: the same stack (Starlette, the
orjson response helper, uvicorn with Roster's server settings) with no database and no work.

Not part of Roster's routes; ``python -m bench.hello --port P --workers N`` serves it.
"""

from __future__ import annotations

import argparse

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from roster.web.responses import json_response


async def hello(_request: Request) -> Response:
    return json_response({"hello": "world"})


app = Starlette(routes=[Route("/hello", hello)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    # The settings of ``roster serve`` (src/roster/cli/serve.py), access log off as in the bench.
    uvicorn.run(
        "bench.hello:app",
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        server_header=False,
        loop="uvloop",
        http="httptools",
    )


if __name__ == "__main__":
    main()
