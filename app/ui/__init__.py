"""The PySide6 layer: the only package that imports Qt. Screens call services and
refresh from the `Changes` they return."""
