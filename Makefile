# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need.
VENV := .venv/bin
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: install demo test lint format bench bench-postgres check

install:
	@scripts/bootstrap.sh

demo: install
	$(VENV)/python manage.py migrate --no-input
	$(VENV)/python manage.py load_demo_data
	@echo
	@$(VENV)/python manage.py demo_logins
	@# The task worker (notification emails) and the schedule (chasing unanswered referrals)
	@# run beside the web server and stop with it.
	$(VENV)/python manage.py db_worker --no-reload & worker=$$!; \
	$(VENV)/python manage.py run_schedule & schedule=$$!; \
	trap 'kill $$worker $$schedule 2>/dev/null' EXIT INT TERM; \
	DEMO_RELAX_TWO_FACTOR=true $(VENV)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	@scripts/ensure-chromium.sh
	$(VENV)/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .

format: install
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

check: install
	$(VENV)/python manage.py makemigrations --check --dry-run
	RESETTLE_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=resettle.example \
		$(VENV)/python manage.py check --deploy --fail-level WARNING

# Benchmarks print figures; they are not tests. BENCH_SERVICES sets the directory size.
bench: install
	$(VENV)/python -m benchmarks.run $(BENCH_ARGS)
