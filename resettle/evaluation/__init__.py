"""Impact evaluation from the command line: `manage.py evaluate` over resettle.core.evaluation."""
