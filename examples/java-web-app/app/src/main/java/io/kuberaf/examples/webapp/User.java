package io.kuberaf.examples.webapp;

/** One row of the example's table. */
record User(int id, String name, String level) {
}
