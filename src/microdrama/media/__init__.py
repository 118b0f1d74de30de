"""Media engine — video in, numbers out.

Probing and technical QC of uploaded cuts, cheap frame sampling, frame and audio fingerprints,
the FAISS-backed reference index and temporal alignment that finds which seconds of a suspect
video copy which seconds of a registered episode. Pure library: no Django, no apps.
"""
