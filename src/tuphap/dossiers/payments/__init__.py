"""Paying fees online: a gateway interface (``gateway``), the payments and their
electronic receipts (``models``, ``services``) and the pages (``views``).

The national payment platform and the banks' gateways are the real
implementations of ``Gateway`` to come; the demo and the tests use the sandbox
gateway, a separate local HTTP service (``standins/paygate``) spoken to over
real HTTP.
"""
