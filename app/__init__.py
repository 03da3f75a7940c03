"""The optimizer explorer: a Dash app over the `optim` core and the `landscapes`.

Layers, each importing only those below it (checked by import-linter, see pyproject.toml):

    app.wsgi -> app.factory -> app.serving -> app.callbacks -> app.components
        -> app.figures -> app.compute -> app.model -> app.text

`app.factory.create_app()` builds the Dash app; `app.wsgi:server` is the WSGI application
for gunicorn; `python -m app` serves it. Importing this package builds nothing.
"""
