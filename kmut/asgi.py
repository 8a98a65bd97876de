import os

from django.core.asgi import get_asgi_application

from kmut.envfile import read_env_file

read_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kmut.settings")

application = get_asgi_application()
