"""Building-physics core: RC-network thermal model of zones with HVAC control.

``network`` builds the thermal network of the chosen model, ``engine`` integrates it exactly
over each time step (vectorised over zones), ``chart`` renders a run and ``sweep`` runs one
case of a parameter sweep (one Kubernetes Indexed Job pod per case).
"""
