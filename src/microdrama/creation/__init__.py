"""Creation engine — the AI lab's pipeline as a library.

Typed series / episode / scene / shot models, the pipeline stages from premise to exported episode,
and pluggable LLM, image, video and TTS backends (offline defaults that need no model), the renderer
and the exporters (MP4, Fountain, shot list, storyboard PDF, timeline). Pure library: no Django.
"""
