"""Language choice: Simplified Chinese unless the person picked English with the switch.

Browsers' Accept-Language is ignored for pages (an English-language browser in a Chinese office
still gets the Chinese UI the platform is written for); API clients get their Accept-Language.
"""

from django.conf import settings
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


class LanguageMiddleware(MiddlewareMixin):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = (translation.get_language_from_request(request) if request.path.startswith("/api/")
                      else settings.LANGUAGE_CODE)
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
