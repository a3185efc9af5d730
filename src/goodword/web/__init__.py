"""The local web app and its JSON API (``goodword serve``): a thin face over the service.

Needs the ``web`` extra (``pip install 'goodword[web]'``): FastAPI, uvicorn
and python-multipart. Only this package imports the web framework.
"""

from goodword.web.app import create_app

__all__ = ["create_app"]
