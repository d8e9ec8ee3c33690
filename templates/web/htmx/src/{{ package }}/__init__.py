"""Server-rendered web app: Starlette + Jinja pages, htmx for partial updates."""
