"""Docker Swarm: the same project deployed as a stack of Swarm services.

`figlet.swarm.stack` says what a project asks of a swarm (pure: the engine's own create bodies);
the planner compares that with what the swarm holds, and the executor drives the engine's Swarm
API. Swarm does the scheduling; figlet never places a task itself.
"""
