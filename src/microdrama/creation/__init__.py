"""Creation engine — the AI lab's pipeline as a library.

Typed series / episode / scene / shot models, the pipeline stages from premise to exported episode,
and pluggable LLM, image, video and TTS backends (offline defaults that need no model), the renderer
and the exporters (MP4, Fountain, shot list, storyboard PDF, timeline). Pure library: no Django.

Entry points (kept out of this file so that importing the models stays cheap):

* `creation.project` — `Project.create / open`, `run(stage)`, `save(stage, edit)`, `render_shot`,
  `export`, `status`; `creation.pipeline` — `Stage` and the stage graph;
* `creation.backends` — `Backends`, `backends_from_settings(settings)`;
* `creation.models` — the documents; `creation.rules` — `ReviewRules`, `TextRule`, default rules;
* `creation.labels` — `LabelPolicy`, `check_labels`, the watermark hook type;
* `creation.stages.*` — each stage as a plain function, for callers that keep documents elsewhere.
"""
