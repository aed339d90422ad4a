package uk.meterwatch.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated network: Service Users (with roles and organisations) and devices (SMETS
 * generation, type, provider, region, area, communications hub, certificate owner per the SMI).
 * Held in flat arrays: its size is fixed by the number of devices, never by the traffic.
 */
final class Network {
  static final Set<String> ROLES = Set.of("IS", "ES", "GS", "ED", "GT", "RSA", "OU");
  static final List<String> PROVIDERS = List.of("CSP-N", "CSP-C", "CSP-S", "S1SP-DXC");
  static final int S1SP = 3;

  /** SMETS1 migration cohorts and the share of SMETS1 premises in each (docs/simulator.md). */
  static final List<String> COHORTS = List.of("IOC", "MOC", "FOC");

  private static final double[] COHORT_SHARES = {0.3, 0.3, 0.4};

  static final byte ESME = 0;
  static final byte GSME = 1;
  static final byte CHF = 2;
  static final byte GPF = 3;
  static final byte IHD = 4;
  static final byte PPMID = 5;
  static final String[] TYPE_NAMES = {"ESME", "GSME", "CHF", "GPF", "IHD", "PPMID"};

  // Users
  final String[] userId;
  final String[] userRole;
  final int[] userOrg;
  final String[] orgName;

  // Areas and regions
  final String[] regionName;
  final String[] areaName;
  final int[] areaRegion;

  // Devices
  final int deviceCount;
  final String[] deviceId;
  final byte[] deviceType;
  final byte[] smets;
  final byte[] cohort; // index in COHORTS for SMETS1 devices, -1 for SMETS2
  final byte[] provider;
  final short[] area;
  final int[] hub; // index of the hub's CHF device, -1 for none
  final int[] owner; // user index of the certificate owner, -1 for none
  // Days [stopDay, resumeDay) in which the device does not communicate at all.
  final int[] stopDay;
  final int[] resumeDay;

  final int[] meters; // ESME and GSME devices
  final int[] esmes;
  final int[] gsmes;
  final int[][] metersByOwner;

  Network(Scenario scenario, int devices, int days, SplittableRandom random) {
    // Users, in scenario order.
    List<String> ids = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    List<Integer> orgs = new ArrayList<>();
    orgName = new String[scenario.organisations().size()];
    for (int o = 0; o < orgName.length; o++) {
      Scenario.Organisation org = scenario.organisations().get(o);
      orgName[o] = org.name();
      for (Scenario.User u : org.users()) {
        ids.add(u.id());
        roles.add(u.role());
        orgs.add(o);
      }
    }
    userId = ids.toArray(String[]::new);
    userRole = roles.toArray(String[]::new);
    userOrg = orgs.stream().mapToInt(Integer::intValue).toArray();

    // Regions and their areas, in scenario order.
    regionName = scenario.regions().keySet().toArray(String[]::new);
    List<String> areas = new ArrayList<>();
    List<Integer> areaRegions = new ArrayList<>();
    int[] regionProvider = new int[regionName.length];
    for (int r = 0; r < regionName.length; r++) {
      Scenario.Region region = scenario.regions().get(regionName[r]);
      regionProvider[r] = PROVIDERS.indexOf(region.provider());
      for (String a : region.areas()) {
        areas.add(a);
        areaRegions.add(r);
      }
    }
    areaName = areas.toArray(String[]::new);
    areaRegion = areaRegions.stream().mapToInt(Integer::intValue).toArray();

    // Supplier organisations, by share of premises.
    double[] orgShare = new double[orgName.length];
    double total = 0;
    for (int o = 0; o < orgShare.length; o++) {
      Scenario.Organisation org = scenario.organisations().get(o);
      boolean supplies = org.users().stream().anyMatch(u -> "IS".equals(u.role()));
      orgShare[o] = supplies ? org.share() : 0;
      total += orgShare[o];
    }
    int anyGs = firstWithRole("GS", -1);

    deviceCount = devices;
    deviceId = new String[devices];
    deviceType = new byte[devices];
    smets = new byte[devices];
    cohort = new byte[devices];
    provider = new byte[devices];
    area = new short[devices];
    hub = new int[devices];
    owner = new int[devices];
    stopDay = new int[devices];
    resumeDay = new int[devices];
    double smets1Share = scenario.traffic().smets1Share();
    // Silent spells last 30 to 90 days and may start before the period, so that the share of
    // meters silent on any day is about stop_communicating_share throughout (no national drift).
    int lead = 90;
    double affected =
        Math.min(1.0, scenario.traffic().stopCommunicatingShare() * (days + lead) / 60.0);

    int d = 0;
    while (d < devices) {
      // One premises: a supplier, an area; SMETS2 premises hang off a communications hub.
      int org = pick(orgShare, total, random);
      int electricityOwner = pickUser(org, "IS", random);
      int gasOwner = pickUser(org, "GS", random);
      if (gasOwner < 0) {
        gasOwner = anyGs < 0 ? electricityOwner : anyGs;
      }
      int premisesArea = random.nextInt(areaName.length);
      boolean s1 = random.nextDouble() < smets1Share;
      boolean dualFuel = random.nextDouble() < 0.7;
      int prov = s1 ? S1SP : regionProvider[areaRegion[premisesArea]];
      List<Byte> types = new ArrayList<>();
      if (!s1) {
        types.add(CHF);
      }
      types.add(ESME);
      if (dualFuel) {
        if (!s1) {
          types.add(GPF);
        }
        types.add(GSME);
      }
      if (!s1) {
        types.add(IHD);
        if (random.nextDouble() < 0.2) {
          types.add(PPMID);
        }
      }
      int hubIndex = s1 ? -1 : d;
      // The cohort is a function of the premises' first device, not a draw from the random
      // stream: adding it changed nothing else the simulator writes.
      byte premisesCohort = s1 ? cohortOf(d) : -1;
      for (byte type : types) {
        if (d == devices) {
          break;
        }
        deviceType[d] = type;
        smets[d] = (byte) (s1 ? 1 : 2);
        cohort[d] = premisesCohort;
        provider[d] = (byte) prov;
        area[d] = (short) premisesArea;
        hub[d] = hubIndex;
        owner[d] =
            switch (type) {
              case ESME, IHD, PPMID -> electricityOwner;
              case GSME -> gasOwner;
              default -> -1;
            };
        deviceId[d] = eui64(s1 ? 0x001BC50C00000000L : 0x000D6F0000000000L, d);
        boolean meter = type == ESME || type == GSME;
        if (meter && random.nextDouble() < affected) {
          stopDay[d] = random.nextInt(days + lead) - lead;
          resumeDay[d] = stopDay[d] + 30 + random.nextInt(61);
        } else {
          stopDay[d] = Integer.MAX_VALUE;
          resumeDay[d] = Integer.MAX_VALUE;
        }
        d++;
      }
    }
    meters = indices(t -> t == ESME || t == GSME);
    esmes = indices(t -> t == ESME);
    gsmes = indices(t -> t == GSME);
    metersByOwner = new int[userId.length][];
    int[] counts = new int[userId.length];
    for (int m : meters) {
      counts[owner[m]]++;
    }
    for (int u = 0; u < userId.length; u++) {
      metersByOwner[u] = new int[counts[u]];
      counts[u] = 0;
    }
    for (int m : meters) {
      metersByOwner[owner[m]][counts[owner[m]]++] = m;
    }
  }

  /** The cohort of a SMETS1 premises from its first device's index: a fixed mix of its bits. */
  static byte cohortOf(int firstDevice) {
    long z = (firstDevice + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z ^= z >>> 31;
    double x = (z >>> 11) * 0x1.0p-53;
    for (byte c = 0; c < COHORT_SHARES.length; c++) {
      x -= COHORT_SHARES[c];
      if (x < 0) {
        return c;
      }
    }
    return (byte) (COHORT_SHARES.length - 1);
  }

  /** True when the device does not communicate on that day. */
  boolean silent(int device, int day) {
    return day >= stopDay[device] && day < resumeDay[device];
  }

  int user(String id) {
    for (int u = 0; u < userId.length; u++) {
      if (userId[u].equals(id)) {
        return u;
      }
    }
    throw new IllegalArgumentException("unknown user " + id);
  }

  int region(String name) {
    for (int r = 0; r < regionName.length; r++) {
      if (regionName[r].equals(name)) {
        return r;
      }
    }
    return -1;
  }

  int areaIndex(String name) {
    for (int a = 0; a < areaName.length; a++) {
      if (areaName[a].equals(name)) {
        return a;
      }
    }
    return -1;
  }

  /** User indices whose role is one of {@code roles}, in roster order. */
  int[] usersWithRole(Set<String> roles) {
    List<Integer> found = new ArrayList<>();
    for (int u = 0; u < userId.length; u++) {
      if (roles.contains(userRole[u])) {
        found.add(u);
      }
    }
    return found.stream().mapToInt(Integer::intValue).toArray();
  }

  private int firstWithRole(String role, int fallback) {
    for (int u = 0; u < userRole.length; u++) {
      if (userRole[u].equals(role)) {
        return u;
      }
    }
    return fallback;
  }

  private int pickUser(int org, String role, SplittableRandom random) {
    int count = 0;
    for (int u = 0; u < userId.length; u++) {
      if (userOrg[u] == org && userRole[u].equals(role)) {
        count++;
      }
    }
    if (count == 0) {
      return -1;
    }
    int chosen = random.nextInt(count);
    for (int u = 0; u < userId.length; u++) {
      if (userOrg[u] == org && userRole[u].equals(role) && chosen-- == 0) {
        return u;
      }
    }
    return -1;
  }

  private static int pick(double[] weights, double total, SplittableRandom random) {
    double x = random.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0 && weights[i] > 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalStateException("no supplier organisation");
  }

  private interface TypeTest {
    boolean test(byte type);
  }

  private int[] indices(TypeTest test) {
    int n = 0;
    for (int d = 0; d < deviceCount; d++) {
      if (test.test(deviceType[d])) {
        n++;
      }
    }
    int[] result = new int[n];
    n = 0;
    for (int d = 0; d < deviceCount; d++) {
      if (test.test(deviceType[d])) {
        result[n++] = d;
      }
    }
    return result;
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** An EUI-64 in DUIS form, e.g. 00-0D-6F-00-00-00-12-AB. */
  static String eui64(long prefix, long index) {
    long v = prefix | index;
    char[] c = new char[23];
    for (int i = 0; i < 8; i++) {
      int b = (int) (v >>> (56 - 8 * i)) & 0xFF;
      int at = i * 3;
      c[at] = HEX[b >>> 4];
      c[at + 1] = HEX[b & 0xF];
      if (i < 7) {
        c[at + 2] = '-';
      }
    }
    return new String(c);
  }
}
