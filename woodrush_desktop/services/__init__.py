"""The service layer: what the window and the command line ask of the data.

Widgets and commands never query the ORM themselves; they call these functions, which return
plain objects.
"""
