package io.kuberaf.examples.hello;

/** What the controller did: the greeting, the ConfigMap holding it, and which controller version wrote it. */
public class HelloStatus {

    private String greeting;
    private String configMap;
    private String reconciledBy;

    public String getGreeting() {
        return greeting;
    }

    public void setGreeting(String greeting) {
        this.greeting = greeting;
    }

    public String getConfigMap() {
        return configMap;
    }

    public void setConfigMap(String configMap) {
        this.configMap = configMap;
    }

    public String getReconciledBy() {
        return reconciledBy;
    }

    public void setReconciledBy(String reconciledBy) {
        this.reconciledBy = reconciledBy;
    }
}
