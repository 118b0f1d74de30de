"""What a creator does in the AI lab, as functions the views and the API call:

* `projects` — create a project from a premise, save a person's edit of a stage's document;
* `jobs` — start a background job (a stage, the whole chain, one shot, the label check), run it
  (the Celery task's body), retry it;
* `links` — hand the project to the other centres: send to filing (a pre-filled drama and draft
  planning application), plan shooting at the shooting base, cast roles at the talent centre.
"""
