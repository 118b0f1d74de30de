"""The AI lab's pages: projects and jobs (`projects`), the browser editors (`editors`), media,
playback and export (`media`), and the links to the other centres (`links`)."""
