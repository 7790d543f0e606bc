"""The languages a browser asks for (its Accept-Language header), most wanted first."""

#: The most of the header read, and the most languages taken from it.
HEADER_LIMIT = 500
MOST_LANGUAGES = 20


def accepted_languages(header: str) -> list[str]:
    """The language codes of an Accept-Language header by preference ("es-ES,es;q=0.9,
    en;q=0.8" -> ["es-es", "es", "en"]); "*", refused ones (q=0) and malformed parts left
    out."""
    weighted = []
    for order, part in enumerate(header[:HEADER_LIMIT].split(",")[:MOST_LANGUAGES]):
        code, _, parameters = part.strip().partition(";")
        quality = 1.0
        name, _, value = parameters.strip().partition("=")
        if name.strip() == "q":
            try:
                quality = float(value)
            except ValueError:
                continue
        code = code.strip().lower()
        if code and code != "*" and 0 < quality <= 1 and code.replace("-", "").isascii():
            weighted.append((-quality, order, code))
    return [code for _, _, code in sorted(weighted)]
