package io.mlctl.controlplane.window;

import io.mlctl.drift.profile.DatasetProfile;

/**
 * The rows of one batch that fall into one window, not yet profiled: their bins come from the window's reference,
 * which is only known once the window row is found (see {@link WindowStore#prepare}).
 */
public interface WindowRows {

    int rows();

    /** The streaming profile of these rows, numbers binned with the reference's edges so partials merge exactly. */
    DatasetProfile profile(DatasetProfile reference);
}
