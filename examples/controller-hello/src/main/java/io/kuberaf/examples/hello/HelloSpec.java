package io.kuberaf.examples.hello;

/** What the user asks for: a message to greet. */
public class HelloSpec {

    private String message;

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }
}
