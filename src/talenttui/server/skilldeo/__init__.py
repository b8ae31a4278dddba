"""The skilldeo v1 interview API (`/api/v1`): OTP login, campaigns, interviews. `server.app` mounts its routers."""
