"""Whether an image on a page has loaded, waiting for it when it is still on its way."""

WAIT_FOR_IMAGE = (
    "img => img.complete || new Promise(done => {"
    " img.addEventListener('load', done); img.addEventListener('error', done); })"
)


def has_loaded(image):
    """True when the located ``<img>`` finished loading with a picture (not a broken image)."""
    image.evaluate(WAIT_FOR_IMAGE)
    return image.evaluate("img => img.naturalWidth > 0")
