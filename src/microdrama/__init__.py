"""microdrama — 微短剧产业服务平台.

The software backbone of a micro-short-drama industry hub: a filing centre (备案中心), a copyright
centre (版权中心), a shooting base (拍摄基地), a talent centre (人才中心) and an AI creation lab.
Three engines (`media`, `watermark`, `creation`) are plain libraries; the Django project `hub` and
its apps are thin layers that call them.
"""

__version__ = "0.1.0"
