"""Sets up and runs the test provider: `python -m tests.oidc_provider.serve` with
TEST_PROVIDER_DIR set. Prints "listening on port N", then serves until ended."""

import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0, interactive=False)
    call_command("creatersakey", verbosity=0)
    for username, user in settings.CONFIGURATION["users"].items():
        User.objects.create_user(username, password=user["password"])
    for configured in settings.CONFIGURATION["clients"]:
        client = Client.objects.create(
            name=configured["client_id"],
            client_type="confidential",
            client_id=configured["client_id"],
            client_secret=configured["client_secret"],
            jwt_alg="RS256",
            require_consent=False,
            reuse_consent=False,
        )
        client.redirect_uris = configured["redirect_uris"]
        client.post_logout_redirect_uris = configured["post_logout_redirect_uris"]
        client.save()
        client.response_types.add(ResponseType.objects.get(value="code"))

    server = ThreadedWSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.set_app(get_wsgi_application())
    print(f"listening on port {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
