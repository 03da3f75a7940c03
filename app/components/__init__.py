"""The components layer: the page's layout pieces, generated from a Scene and the
registries, every component id (`ids`), and the picture of a scene (`picture.render`)."""
