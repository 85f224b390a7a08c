"""Parsing untrusted XML into an ElementTree, refusing DTDs and entities.

Corpus files come from elsewhere, so no DOCTYPE, no entity declaration and no
external entity is ever accepted or resolved (this rules out "billion laughs"
expansion and reading local files through entities): ``defusedxml`` parses,
with DTDs forbidden.

>>> parse_xml(b'<a xmlns="urn:x"><b k="v">t</b></a>', "x.xml").find("{urn:x}b").text
't'
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', "x.xml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
stancemap.errors.InputError: x.xml: declares a DOCTYPE or entities, which are refused ...
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree as safe_tree

from stancemap.errors import InputError

__all__ = ["parse_xml"]


def parse_xml(data: bytes, name: str) -> Element:
    """The root element of the XML document ``data``.

    Parameters
    ----------
    data : bytes
        The whole file (its XML declaration names the encoding; UTF-8 otherwise).
    name : str
        The file, for messages.

    Raises
    ------
    InputError
        E116 when the document is not well-formed (naming the line) or declares a
        DOCTYPE or entities.
    """
    try:
        return safe_tree.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise InputError.of("E116.doctype", name=name) from None
    except safe_tree.ParseError as error:
        line = getattr(error, "position", (None, None))[0]
        where = f"{name} line {line}" if line else name
        reason = str(error).split(":")[0]
        raise InputError.of("E116.malformed", where=where, reason=reason) from None
