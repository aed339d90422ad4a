package uk.meterwatch.sim;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import uk.meterwatch.core.srv.FutureDatedPattern;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;

/**
 * Generates the traffic of a scenario, day by day in UK time, and writes it as it goes: service
 * requests, their acknowledgements and responses, and alerts.
 *
 * <p>Every follow-up of a request (its duplicate, its retries, a late success) is decided and
 * written when the request is, with its own later timestamps; so nothing is held back and the state
 * is bounded by the network and the scenario, never by the number of events. Rows are therefore in
 * generation order, not strictly in time order (the contract does not ask for an order).
 */
final class TrafficGenerator {
  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final String NO_DEVICE = "00-00-00-00-00-00-00-00";
  private static final String[] DEVICE_ALERTS = {"8F84", "8F3E", "8F0F", "8F35", "8F1C", "8F72"};
  private static final String[] DCC_ALERTS = {"N24", "N27", "N42"};
  private static final int MAX_ATTEMPTS = 3;
  private static final int ALL_METERS = 0;
  private static final int ESME_ONLY = 1;
  private static final int GSME_ONLY = 2;

  private final Scenario scenario;
  private final Network net;
  private final SplittableRandom rng;
  private final long seed;
  private final RowWriter requests;
  private final RowWriter responses;
  private final RowWriter alerts;

  private final LocalDate firstDay;
  private final int days;
  private final long[] dayStart;
  private final long periodEnd;
  private final double[] rhythm;
  private final double[][] late;
  private final double[][] failure;
  private final double[][] alertLate;
  private final double[][] slow;
  private final double[][] alertSlow;
  private final int[] sunsetDay;
  private final double[] sunsetSlope;
  private final long[] duisStart;
  private final long[] duisEnd;
  private final int[] providerFault;
  private final long[] providerStart;
  private final long[] providerEnd;
  private final Item[] items;
  private final double[] cumulative;
  private final Map<String, Item> itemsBySrv = new HashMap<>();
  private final int[] supplierUsers;

  // Late deliveries are spread by error diffusion with a random threshold, so that each
  // provider's share of late responses matches its level closely even at demo volume.
  private final double[][] lateQuota = new double[Network.PROVIDERS.size()][2];
  private final double[] alertQuota = new double[Network.PROVIDERS.size() + 1];
  // Slow (within the Target Response Time, after a provider's own target): their own cells, drawn
  // from only when a scenario gives a slow share, so a scenario without one keeps its stream.
  private final double[][] slowQuota = new double[Network.PROVIDERS.size()][2];
  private final double[] alertSlowQuota = new double[Network.PROVIDERS.size() + 1];
  private final boolean anySlow;

  private long requestCounter;
  private long alertCounter;
  // Outcome of the last emit: 0 not received, 1 success, 2 failure.
  private int lastOutcome;
  private long lastSent;

  /** One SRV of the mix, with everything the hot path needs precomputed. */
  private static final class Item {
    final Srv srv;
    final String variant;
    final boolean supplier;
    final boolean changeOfSupply;
    final int devices;
    final int[] senders;
    final boolean futureDatable;
    final double retryRate;
    final double lateSuccessRate;

    Item(Srv srv, Network net, double retryRate, double lateSuccessRate) {
      this.srv = srv;
      this.variant = srv.variant();
      Set<String> roles = srv.eligibleRoles();
      boolean is = roles.contains("IS");
      boolean gs = roles.contains("GS");
      this.supplier = srv.deviceBound() && (is || gs);
      this.changeOfSupply = "6.23".equals(variant);
      if (supplier) {
        devices = is && gs ? ALL_METERS : is ? ESME_ONLY : GSME_ONLY;
        senders = new int[0];
      } else {
        boolean gas = roles.contains("GT") && !roles.contains("ED");
        devices =
            gas ? GSME_ONLY : roles.contains("ED") || roles.contains("ES") ? ESME_ONLY : ALL_METERS;
        senders = net.usersWithRole(roles);
      }
      this.futureDatable = srv.futureDated() != FutureDatedPattern.NO;
      this.retryRate = retryRate;
      this.lateSuccessRate = lateSuccessRate;
    }
  }

  TrafficGenerator(
      Scenario scenario,
      Network net,
      long seed,
      LocalDate firstDay,
      long[] dayStart,
      RowWriter requests,
      RowWriter responses,
      RowWriter alerts) {
    this.scenario = scenario;
    this.net = net;
    this.seed = seed;
    this.rng = new SplittableRandom(seed ^ 0x5DEECE66DL);
    this.firstDay = firstDay;
    this.dayStart = dayStart;
    this.days = dayStart.length - 1;
    this.periodEnd = dayStart[days];
    this.requests = requests;
    this.responses = responses;
    this.alerts = alerts;

    Scenario.Traffic traffic = scenario.traffic();
    rhythm = new double[24];
    double sum = traffic.dailyRhythm().stream().mapToDouble(Double::doubleValue).sum();
    for (int h = 0; h < 24; h++) {
      rhythm[h] = traffic.dailyRhythm().get(h) / sum;
    }

    int providers = Network.PROVIDERS.size();
    late = new double[days][providers];
    failure = new double[days][providers];
    alertLate = new double[days][providers];
    slow = new double[days][providers];
    alertSlow = new double[days][providers];
    for (int p = 0; p < providers; p++) {
      Scenario.ProviderLevels base = scenario.providers().get(Network.PROVIDERS.get(p));
      for (int d = 0; d < days; d++) {
        late[d][p] = or(base.late(), 0.01);
        failure[d][p] = or(base.failure(), 0.01);
        alertLate[d][p] = or(base.alertLate(), 0.01);
        slow[d][p] = or(base.slow(), 0);
        alertSlow[d][p] = or(base.alertSlow(), 0);
      }
    }
    for (Scenario.Degradation g : scenario.degradations()) {
      int p = Network.PROVIDERS.indexOf(g.provider());
      for (int d = Math.max(0, day(g.from())); d < Math.min(days, day(g.to())); d++) {
        late[d][p] = or(g.late(), late[d][p]);
        failure[d][p] = or(g.failure(), failure[d][p]);
        alertLate[d][p] = or(g.alertLate(), alertLate[d][p]);
        slow[d][p] = or(g.slow(), slow[d][p]);
        alertSlow[d][p] = or(g.alertSlow(), alertSlow[d][p]);
      }
    }
    boolean given = false;
    for (Scenario.ProviderLevels l : scenario.providers().values()) {
      given |= l.slow() != null || l.alertSlow() != null;
    }
    for (Scenario.Degradation g : scenario.degradations()) {
      given |= g.slow() != null || g.alertSlow() != null;
    }
    anySlow = given;

    sunsetDay = new int[net.areaName.length];
    sunsetSlope = new double[net.areaName.length];
    Arrays.fill(sunsetDay, Integer.MAX_VALUE);
    for (Scenario.Sunset s : scenario.sunsets()) {
      for (String a : s.areas()) {
        int area = net.areaIndex(a);
        if (area >= 0) {
          sunsetDay[area] = day(s.effectiveOn());
          sunsetSlope[area] = s.extraFailurePerMonth();
        }
      }
    }

    List<Scenario.Fault> duis =
        scenario.faults().stream().filter(f -> duisComponent(f.component())).toList();
    duisStart = duis.stream().mapToLong(f -> f.start().toEpochMilli()).toArray();
    duisEnd = duis.stream().mapToLong(f -> f.end().toEpochMilli()).toArray();
    List<Scenario.Fault> prov =
        scenario.faults().stream().filter(f -> Network.PROVIDERS.contains(f.component())).toList();
    providerFault = prov.stream().mapToInt(f -> Network.PROVIDERS.indexOf(f.component())).toArray();
    providerStart = prov.stream().mapToLong(f -> f.start().toEpochMilli()).toArray();
    providerEnd = prov.stream().mapToLong(f -> f.end().toEpochMilli()).toArray();

    SrvCatalogue catalogue = SrvCatalogue.standard();
    List<Scenario.MixEntry> usable =
        scenario.mix().stream()
            .filter(m -> usable(catalogue.find(m.srv()).orElseThrow(), net))
            .toList();
    items = new Item[usable.size()];
    cumulative = new double[usable.size()];
    double total = 0;
    for (int i = 0; i < items.length; i++) {
      Scenario.MixEntry m = usable.get(i);
      items[i] =
          new Item(
              catalogue.find(m.srv()).orElseThrow(),
              net,
              or(m.retryRate(), traffic.retryRate()),
              or(m.lateSuccessRate(), traffic.lateSuccessRate()));
      itemsBySrv.put(m.srv(), items[i]);
      total += m.weight();
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= total;
    }
    supplierUsers = net.usersWithRole(Set.of("IS", "GS"));
  }

  static boolean duisComponent(String component) {
    return "DSP".equals(component) || "DSP_ROUTER".equals(component) || "DUIS".equals(component);
  }

  /** An SRV can be simulated when someone in the roster may send it to a device that exists. */
  private static boolean usable(Srv srv, Network net) {
    return net.usersWithRole(srv.eligibleRoles()).length > 0;
  }

  private static double or(Double value, double fallback) {
    return value == null ? fallback : value;
  }

  private int day(LocalDate date) {
    return (int) ChronoUnit.DAYS.between(firstDay, date);
  }

  private int dayOf(long t) {
    int i = Arrays.binarySearch(dayStart, t);
    int d = i >= 0 ? i : -i - 2;
    return Math.max(0, Math.min(days - 1, d));
  }

  /** Runs the whole period. */
  void run() {
    Scenario.Traffic traffic = scenario.traffic();
    double requestsPerDay = traffic.requestsPerDeviceDay() * net.deviceCount;
    double alertsPerDay = traffic.alertsPerDeviceDay() * net.deviceCount;
    for (int day = 0; day < days; day++) {
      long start = dayStart[day];
      long length = dayStart[day + 1] - start;
      for (int h = 0; h < 24; h++) {
        long hourStart = start + length * h / 24;
        long hourEnd = start + length * (h + 1) / 24;
        double rate = requestsPerDay * rhythm[h] / (hourEnd - hourStart);
        double t = hourStart;
        while (true) {
          t += exponential(1 / rate);
          if (t >= hourEnd) {
            break;
          }
          userRequest((long) t);
        }
        double alertRate = alertsPerDay / length;
        t = hourStart;
        while (true) {
          t += exponential(1 / alertRate);
          if (t >= hourEnd) {
            break;
          }
          alert((long) t, day);
        }
      }
      floods(day, start, length);
      migrations(day, start, length);
    }
  }

  private double exponential(double mean) {
    return -Math.log(1 - rng.nextDouble()) * mean;
  }

  private Item pickItem() {
    double x = rng.nextDouble();
    int i = Arrays.binarySearch(cumulative, x);
    int at = i >= 0 ? i : -i - 1;
    return items[Math.min(at, items.length - 1)];
  }

  private int pickDevice(int devices) {
    return switch (devices) {
      case ESME_ONLY -> net.esmes[rng.nextInt(net.esmes.length)];
      case GSME_ONLY -> net.gsmes[rng.nextInt(net.gsmes.length)];
      default -> net.meters[rng.nextInt(net.meters.length)];
    };
  }

  /** A User's request with its duplicate and retries. */
  private void userRequest(long t) {
    Item item = pickItem();
    int device = -1;
    int user;
    boolean mismatch = false;
    if (item.supplier) {
      device = pickDevice(item.devices);
      int owner = net.owner[device];
      user = owner;
      if (item.changeOfSupply) {
        // A gaining supplier: a User of another organisation with the owner's role.
        user = otherSupplier(owner, true);
      } else if (rng.nextDouble() < scenario.traffic().certificateMismatchRate()) {
        user = otherSupplier(owner, false);
        mismatch = user != owner;
      }
    } else {
      user = item.senders[rng.nextInt(item.senders.length)];
      if (item.srv.deviceBound()) {
        device = pickDevice(item.devices);
      }
    }
    int window = duisWindow(t);
    if (window >= 0) {
      // The DSP receives nothing: half the Users send again after recovery.
      if (rng.nextDouble() < 0.5) {
        return;
      }
      t = duisEnd[window] + (long) exponential(40 * MINUTE);
    }
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (t >= periodEnd) {
        return;
      }
      emit(t, item, user, device, mismatch, Double.NaN, true, false);
      int outcome = lastOutcome;
      long sent = lastSent;
      if (rng.nextDouble() < scenario.traffic().duplicateRate()) {
        // Sent again while the first is pending (before its response).
        long pending = Math.max(2 * SECOND, sent - t);
        long dup = t + SECOND + (long) (rng.nextDouble() * (pending - SECOND));
        if (duisWindow(dup) < 0 && dup < periodEnd) {
          emit(dup, item, user, device, mismatch, Double.NaN, false, false);
        }
      }
      if (outcome != 2 || rng.nextDouble() >= item.retryRate) {
        return;
      }
      t = Math.max(sent, t) + MINUTE + (long) exponential(30 * MINUTE);
      int w = duisWindow(t);
      if (w >= 0) {
        t = duisEnd[w] + (long) exponential(10 * MINUTE);
      }
    }
  }

  private int otherSupplier(int owner, boolean otherOrganisation) {
    String role = net.userRole[owner];
    for (int tries = 0; tries < 8; tries++) {
      int u = supplierUsers[rng.nextInt(supplierUsers.length)];
      if (u != owner
          && net.userRole[u].equals(role)
          && (!otherOrganisation || net.userOrg[u] != net.userOrg[owner])) {
        return u;
      }
    }
    return owner;
  }

  /**
   * Writes one request, its acknowledgement and response (and a late success), and records its
   * outcome in {@link #lastOutcome} and {@link #lastSent}.
   *
   * @param forcedFailure the failure probability to use, or NaN for the network's
   */
  private void emit(
      long t,
      Item item,
      int user,
      int device,
      boolean mismatch,
      double forcedFailure,
      boolean allowFuture,
      boolean noLateSuccess) {
    if (duisWindow(t) >= 0) {
      lastOutcome = 0;
      lastSent = t;
      return;
    }
    boolean future =
        allowFuture
            && item.futureDatable
            && rng.nextDouble() < scenario.traffic().futureDatedShare();
    long execute =
        future ? (t + HOUR + (long) (rng.nextDouble() * 72 * HOUR)) / MINUTE * MINUTE : 0;
    String requestId =
        net.userId[user]
            + ':'
            + (device >= 0 ? net.deviceId[device] : NO_DEVICE)
            + ':'
            + ++requestCounter;
    requests
        .text(requestId)
        .text(net.userId[user])
        .text(net.userRole[user])
        .text(item.variant)
        .text(device >= 0 ? net.deviceId[device] : null)
        .instant(t)
        .instant(execute, future)
        .end();

    if (mismatch) {
      // Access control: the User does not own the device's certificate.
      long sent = defer(t + 200 + (long) (rng.nextDouble() * 700));
      response(requestId, sent, "E4", false);
      lastOutcome = 2;
      lastSent = sent;
      return;
    }
    long ack = defer(t + 100 + (long) (rng.nextDouble() * 600));
    response(requestId, ack, "I99", true);

    int day = dayOf(t);
    String code = "I0";
    boolean stopped = false;
    boolean unreachable = false;
    int prov = device >= 0 ? net.provider[device] : 0;
    long base = future ? execute : t;
    if (device >= 0) {
      stopped = net.silent(device, dayOf(base));
      unreachable = providerDown(prov, base);
      double p =
          Double.isNaN(forcedFailure) ? failureProbability(device, dayOf(base)) : forcedFailure;
      if (unreachable) {
        code = "E20";
      } else if (stopped || rng.nextDouble() < p) {
        code = rng.nextDouble() < 0.9 ? "E21" : "E20";
      }
    }
    int cell = future || device < 0 ? 1 : 0;
    boolean isLate = quota(lateQuota[prov], cell, late[day][prov]);
    // With slow shares (anySlow): on time is within 25 s (a provider's own target), slow is 25.5
    // to 29.5 s (within every Target Response Time, after the provider's target).
    boolean isSlow = anySlow && quota(slowQuota[prov], cell, slow[day][prov]) && !isLate;
    long delay =
        isLate
            ? 61 * SECOND + (long) exponential(3 * MINUTE)
            : isSlow
                ? 25_500 + (long) (rng.nextDouble() * 4_000)
                : 800 + (long) (square(rng.nextDouble()) * (anySlow ? 24_000 : 27_000));
    long sent = defer(Math.max(base + delay, ack + 1));
    response(requestId, sent, code, false);
    lastOutcome = "I0".equals(code) ? 1 : 2;
    lastSent = sent;
    if ("E21".equals(code)
        && !stopped
        && !noLateSuccess
        && rng.nextDouble() < item.lateSuccessRate) {
      // The device answered after the timeout: a delayed (unsolicited) success.
      long later = defer(sent + 2 * MINUTE + (long) exponential(3 * HOUR));
      response(requestId, later, "I0", false);
    }
  }

  /** True for about {@code share} of the calls on the same cell, randomly placed. */
  private boolean quota(double[] cells, int cell, double share) {
    double v = cells[cell] + share;
    if (v >= 0.5 + rng.nextDouble()) {
      cells[cell] = v - 1;
      return true;
    }
    cells[cell] = v;
    return false;
  }

  private static double square(double x) {
    return x * x;
  }

  private double failureProbability(int device, int day) {
    double p = failure[day][net.provider[device]];
    int a = net.area[device];
    if (day >= sunsetDay[a]) {
      p += sunsetSlope[a] * (1 + (day - sunsetDay[a]) / 30);
    }
    int hub = net.hub[device];
    if (hub >= 0 && hash(1, hub, day) < scenario.traffic().hubBadDayRate()) {
      p = Math.max(p, 0.6);
    }
    if (hash(2, net.areaRegion[a], day) < scenario.traffic().regionBadDayRate()) {
      p = Math.min(1, p * 3 + 0.02);
    }
    return p;
  }

  /** A uniform [0, 1) value fixed by the seed and the arguments (no state kept). */
  private double hash(long kind, long a, long b) {
    long z = seed + kind * 0x9E3779B97F4A7C15L + a * 0xBF58476D1CE4E5B9L + b * 0x94D049BB133111EBL;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  private void response(String requestId, long sent, String code, boolean ack) {
    responses.text(requestId).instant(sent).text(code).text(ack ? "ACK" : "RESPONSE").end();
  }

  private int duisWindow(long t) {
    for (int i = 0; i < duisStart.length; i++) {
      if (t >= duisStart[i] && t < duisEnd[i]) {
        return i;
      }
    }
    return -1;
  }

  private boolean providerDown(int prov, long t) {
    for (int i = 0; i < providerFault.length; i++) {
      if (providerFault[i] == prov && t >= providerStart[i] && t < providerEnd[i]) {
        return true;
      }
    }
    return false;
  }

  /** Nothing is delivered while DUIS is down: a delivery due then goes out after recovery. */
  private long defer(long t) {
    int w = duisWindow(t);
    return w < 0 ? t : duisEnd[w] + SECOND + (long) (rng.nextDouble() * 15 * MINUTE);
  }

  private void alert(long t, int day) {
    int device = -1;
    int user;
    String code;
    double lateShare;
    if (rng.nextDouble() < 0.05) {
      user = supplierUsers[rng.nextInt(supplierUsers.length)];
      code = DCC_ALERTS[rng.nextInt(DCC_ALERTS.length)];
      lateShare = 0.002;
    } else {
      device = net.meters[rng.nextInt(net.meters.length)];
      if (net.silent(device, day)) {
        return;
      }
      user = net.owner[device];
      code = DEVICE_ALERTS[rng.nextInt(DEVICE_ALERTS.length)];
      lateShare = alertLate[day][net.provider[device]];
    }
    boolean delivered = rng.nextDouble() >= 0.001;
    int cell = device >= 0 ? net.provider[device] : alertQuota.length - 1;
    boolean isLate = quota(alertQuota, cell, lateShare);
    // With slow shares: on time within 30 s (a provider's own target), slow 30.5 to 58.5 s.
    boolean isSlow =
        anySlow
            && quota(alertSlowQuota, cell, device >= 0 ? alertSlow[day][net.provider[device]] : 0)
            && !isLate;
    long raised = t;
    if (anySlow && duisWindow(t) >= 0) {
      // The DSP receives nothing while DUIS is down: the alert reaches the DCC (raised_at, when
      // the DCC received it) after recovery, then goes out as any other.
      raised = duisEnd[duisWindow(t)] + SECOND + (long) (rng.nextDouble() * 15 * MINUTE);
    }
    long at =
        isLate
            ? raised + 61 * SECOND + (long) exponential(5 * MINUTE)
            : isSlow
                ? raised + 30_500 + (long) (rng.nextDouble() * 28 * SECOND)
                : raised + 500 + (long) (rng.nextDouble() * (anySlow ? 29 : 40) * SECOND);
    if (duisWindow(t) >= 0) {
      at = Math.max(at, duisEnd[duisWindow(t)]);
    }
    at = defer(at);
    alerts
        .text("AL" + ++alertCounter)
        .text(device >= 0 ? net.deviceId[device] : null)
        .text(net.userId[user])
        .text(code)
        .instant(raised)
        .instant(at, delivered)
        .end();
  }

  private int count(double perDay) {
    int n = (int) perDay;
    return n + (rng.nextDouble() < perDay - n ? 1 : 0);
  }

  private Item item(String srv) {
    return itemsBySrv.computeIfAbsent(
        srv,
        v ->
            new Item(
                SrvCatalogue.standard().find(v).orElseThrow(),
                net,
                scenario.traffic().retryRate(),
                scenario.traffic().lateSuccessRate()));
  }

  /** A User sending the same request again and again while the first is pending. */
  private void floods(int day, long start, long length) {
    for (Scenario.Flood f : scenario.floods()) {
      if (day < day(f.from()) || day >= day(f.to())) {
        continue;
      }
      int user = net.user(f.user());
      int[] own = net.metersByOwner[user];
      if (f.smets() != null) {
        own = Arrays.stream(own).filter(d -> net.smets[d] == f.smets()).toArray();
      }
      if (f.cohort() != null) {
        int c = Network.COHORTS.indexOf(f.cohort());
        own = Arrays.stream(own).filter(d -> net.cohort[d] == c).toArray();
      }
      if (own.length == 0) {
        continue;
      }
      Item item = item(f.srv());
      int n = count(f.requestsPerDay());
      for (int i = 0; i < n; i++) {
        long t = start + (long) (rng.nextDouble() * length);
        int device = own[rng.nextInt(own.length)];
        emit(t, item, user, device, false, f.originalFailure(), false, true);
        for (int k = 0; k < f.duplicates(); k++) {
          // Resubmitted every second or so, before the previous one is answered: duplicates
          // while pending, which inflate a naive failure count.
          t += 300 + (long) (rng.nextDouble() * 700);
          if (t < periodEnd) {
            emit(t, item, user, device, false, f.duplicateFailure(), false, true);
          }
        }
      }
    }
  }

  /** Change of supply within one organisation: one User id taking over another's devices. */
  private void migrations(int day, long start, long length) {
    for (Scenario.Migration m : scenario.migrations()) {
      if (day < day(m.from()) || day >= day(m.to())) {
        continue;
      }
      int user = net.user(m.user());
      int[] own = net.metersByOwner[net.user(m.fromUser())];
      if (own.length == 0) {
        continue;
      }
      Item item = item("6.23");
      int n = count(m.requestsPerDay());
      for (int i = 0; i < n; i++) {
        long t = start + (long) (rng.nextDouble() * length);
        emit(t, item, user, own[rng.nextInt(own.length)], false, m.failure(), false, true);
      }
    }
  }

  /** The state the generator keeps, in array cells: fixed by network and scenario. */
  long stateCells() {
    return (long) days * late[0].length * 5
        + sunsetDay.length * 2L
        + duisStart.length * 2L
        + providerFault.length * 3L
        + items.length * 2L
        + itemsBySrv.size()
        + dayStart.length
        + lateQuota.length * 2L
        + alertQuota.length
        + slowQuota.length * 2L
        + alertSlowQuota.length;
  }
}
