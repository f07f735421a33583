/**
 * The agent's exit codes. 75 (EX_TEMPFAIL) means "restart me": a switch replaced the agent, and the
 * new one should run; the service units restart the agent on it (systemd `RestartForceExitStatus=75`,
 * launchd `KeepAlive`). See agent/README.md.
 */
export const EXIT_STOPPED = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_OPTIONS = 2;
export const EXIT_RESTART = 75;
