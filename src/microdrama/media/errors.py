"""Errors the media engine raises for input a user supplied; messages are shown to that user."""


class MediaError(ValueError):
    """The file cannot be used as video (unreadable, truncated, not a video, no frames…).

    `str(error)` is a Chinese sentence fit for the person who uploaded the file; `code` is stable
    for programs and tests.
    """

    def __init__(self, message: str, code: str = "unreadable") -> None:
        super().__init__(message)
        self.code = code
