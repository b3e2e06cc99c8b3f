# The Littlest JupyterHub: copy to /opt/tljh/config/jupyterhub_config.d/ and run `sudo tljh-config reload`.
# Each user's server first copies the kit's notebooks into ~/crm-study (files already there are kept),
# then starts as usual and opens the Chinese start page. Progress stays in each user's own home.
c.Spawner.cmd = [  # noqa: F821 (c is JupyterHub's config object)
    "/bin/sh", "-c",
    '/opt/tljh/user/bin/crm-study notebooks copy "$HOME/crm-study" && exec /opt/tljh/user/bin/jupyterhub-singleuser "$@"',
    "--",
]
c.Spawner.default_url = "/lab/tree/crm-study/notebooks/zh/00_start_here.ipynb"  # noqa: F821
