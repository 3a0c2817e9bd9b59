"""What the provider saw, one JSON line per protocol request, for the tests to read: the PKCE
challenge it was sent, whether the verifier it was given matched (the token answer)."""

import json
import threading

from django.conf import settings

_lock = threading.Lock()


class RecordingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path.rstrip("/")
        record = None
        if path == "/openid/authorize":
            record = {
                "endpoint": "authorize",
                "code_challenge": request.GET.get("code_challenge", ""),
                "code_challenge_method": request.GET.get("code_challenge_method", ""),
                "nonce": request.GET.get("nonce", ""),
                "state": request.GET.get("state", ""),
                "scope": request.GET.get("scope", ""),
                "redirect_uri": request.GET.get("redirect_uri", ""),
                "signed_in": request.user.is_authenticated,
            }
        elif path == "/openid/token":
            body = {}
            if response.get("Content-Type", "").startswith("application/json"):
                body = json.loads(response.content)
            record = {
                "endpoint": "token",
                "code_verifier": request.POST.get("code_verifier", ""),
                "status": response.status_code,
                "error": body.get("error", ""),
            }
        elif path == "/openid/end-session":
            record = {
                "endpoint": "end_session",
                "id_token_hint": bool(request.GET.get("id_token_hint")),
                "post_logout_redirect_uri": request.GET.get("post_logout_redirect_uri", ""),
                "status": response.status_code,
                "location": response.get("Location", ""),
            }
        if record is not None:
            with _lock, open(settings.DIRECTORY / "records.jsonl", "a") as records:
                records.write(json.dumps(record) + "\n")
        return response
