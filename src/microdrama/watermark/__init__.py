"""Watermark engine — forensic payloads into and out of video.

Embeds a 64-bit, error-corrected payload invisibly in every frame's luma, and reads it back blindly
from any short excerpt of a re-encoded, scaled, cropped or mirrored copy, so that a leaked copy names
the recipient it was issued to. Pure library: no Django, no apps.
"""
