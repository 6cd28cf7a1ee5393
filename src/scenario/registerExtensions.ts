// Registers the command extensions (consumer groups) with the runner. Import once, before running.
export {};
