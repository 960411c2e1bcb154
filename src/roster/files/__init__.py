"""The files people own and share: profile photos, attachments, Google documents, and the user
file associations that tie them to a person and a workspace.

Who may download an attachment's bytes (Kantata documents no rule; this is Roster's): its
uploader; a user it is associated with (a user file association); anyone who may read the post it
is attached to, which is the post's author, or, for a post that is not private, anyone who may see
the post's workspace (its participants, and the administrators of the workspace's account); and
anyone who may see the user whose work sample it is, since a work sample is part of a profile.
Anyone else gets a 404, as for a user they may not see.
"""
