package io.kuberaf.shell.kubectl;

/** A failure told to the user in kubectl's words (the message is printed as is, never a stack trace). */
public class KubectlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KubectlException(String message) {
        super(message);
    }

    /** kubectl's client-side errors: {@code error: <what>}. */
    public static KubectlException error(String format, Object... args) {
        return new KubectlException("error: " + String.format(format, args));
    }
}
