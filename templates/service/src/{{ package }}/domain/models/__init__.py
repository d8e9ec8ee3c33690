"""Energy model lifecycle: dataset, features, estimator, registry, evaluation gate, pipeline.

Pure Python and NumPy; the HTTP adapter is ``domain/models_routes.py`` and the command line is
``python -m <package>.domain.models``.
"""
