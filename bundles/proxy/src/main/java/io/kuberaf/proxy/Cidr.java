package io.kuberaf.proxy;

/** An IPv4 network such as 10.96.0.0/12, parsed once and checked against addresses. */
record Cidr(long network, int prefix) {

    static Cidr parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("not an IPv4 CIDR: " + text);
        }
        return new Cidr(address(parts[0]) & mask(prefix), prefix);
    }

    /** The address as a number, or -1 when it is not a dotted IPv4 address. */
    static long addressOrMinusOne(String ip) {
        try {
            return address(ip);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    boolean contains(String ip) {
        long address = addressOrMinusOne(ip);
        return address >= 0 && (address & mask(prefix)) == network;
    }

    private static long address(String ip) {
        String[] octets = ip == null ? new String[0] : ip.trim().split("\\.");
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        long address = 0;
        for (String octet : octets) {
            int value;
            try {
                value = Integer.parseInt(octet);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip, e);
            }
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            address = (address << 8) | value;
        }
        return address;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
    }

    @Override
    public String toString() {
        return ((network >> 24) & 0xff) + "." + ((network >> 16) & 0xff) + "." + ((network >> 8) & 0xff) + "."
                + (network & 0xff) + "/" + prefix;
    }
}
