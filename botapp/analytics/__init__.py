"""The analytics of each map, for editors: per-day roll-ups of the handled updates (``tally``
pure, ``rollup``, ``sketches``), the figures over a range (``stats``), the reasons shown
(``feedback_list``), the page and its CSV under the admin (``admin``, ``exports``), and the
votes the diagram and outline are tinted by (``ratings``). It never imports ``botapp.chat``."""
