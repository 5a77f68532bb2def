"""The review feature's writes, one module per kind: proposals, comments, the inbox.

Reads (finding a proposal, listing threads or an inbox, counting) are in
:mod:`cbook.review.queries`; nothing here commits (the caller's unit of work does).
"""
