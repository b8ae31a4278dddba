"""The Textual app: a house of layers. It reaches servers only through ``talenttui.api``.

Each layer imports only the layers below it; ``pyproject.toml`` holds the same plan as
import-linter contracts, checked by ``tests/test_code_quality.py``. Top to bottom:

1. ``app``: ``TalentApp`` picks the first screen and owns the client, the realtime link,
   the outbox's sender, the status figures and the one failure policy.
2. ``screens/``: the two screens the app switches between, ``login`` and ``shell`` (the
   tabs, the status bar, the footer).
3. ``panes/``: the tabs' contents (the match feed, messages, profile, analytics,
   campaigns, interviews, developer), each with its own ``.tcss``.
4. ``dialogs/``: the modal screens the panes and the app open (accept, filters, invite,
   match details, help, the campaign picker, a batch's summary, the reject reason, two
   results compared, the profile editor and first-run form, photo upload, new API key,
   new webhook, a secret shown once, a confirmation).
5. ``widgets/``: reusable widgets (the feed's list, the match detail, the status bar, the
   footer, the panes' text blocks, a conversation's message log and composer).
6. Plain modules: ``loading`` (every read and write, with the one error policy),
   ``failures``, ``screen_keys``, over ``session`` (the app as everything below it sees
   it: a protocol, never the concrete ``TalentApp``), over ``outbox_sender`` and
   ``triage`` (the feed's optimistic writes: undo, pending overlay, rollback; no
   Textual) and ``company_form`` (a recruiter's company fields, read with
   ``profile_form``'s readers; no Textual), over ``watch``, ``tally``, ``text``,
   ``preferences``, ``keymap``, ``messages``, ``gc_policy``, ``cursor_rest`` (what follows
   a cursor, drawn when it rests), ``email_list``, ``profile_form`` (the profile editor's
   fields read and checked by the server's rules; no Textual), ``chat`` (a conversation's
   messages and sends merged; no Textual), ``settle`` (a quit waits for the keys typed
   before it), ``bundled`` (the bundled server as the app sees it), ``typeahead`` (the
   keys typed after a login code's enter, held for the feed), over ``wallclock``.
"""
