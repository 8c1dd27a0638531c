#pragma once
// Internal: the geometric primitives a hand is built from, in the hand frame (millimetres, x towards the
// thumb/radial side, y distal). Not installed; only core/phantom includes it.

#include <cmath>
#include <cstdint>
#include <vector>

namespace boneage::phantom {

struct Vec2 {
    double x = 0, y = 0;
};
inline Vec2 operator+(Vec2 a, Vec2 b) {
    return {a.x + b.x, a.y + b.y};
}
inline Vec2 operator-(Vec2 a, Vec2 b) {
    return {a.x - b.x, a.y - b.y};
}
inline Vec2 operator*(Vec2 a, double s) {
    return {a.x * s, a.y * s};
}
inline double dot(Vec2 a, Vec2 b) {
    return a.x * b.x + a.y * b.y;
}
inline double length(Vec2 a) {
    return std::sqrt(dot(a, a));
}
inline Vec2 normalized(Vec2 a) {
    const double l = length(a);
    return l > 0 ? a * (1.0 / l) : Vec2{0, 1};
}
/// The unit vector at `deg` degrees clockwise from distal (+y): positive angles lean radially (+x).
inline Vec2 direction(double deg) {
    const double r = deg * 3.14159265358979323846 / 180.0;
    return {std::sin(r), std::cos(r)};
}
/// Right-hand perpendicular of an axis: for a distal axis (0, 1) this is the radial side (1, 0).
inline Vec2 perpendicular(Vec2 axis) {
    return {axis.y, -axis.x};
}

/// Soft tissue: a tapered cylinder between two points (rounded ends); thickness max-combined.
struct SoftCapsule {
    Vec2 a, b;
    double ra = 0, rb = 0;
};

/// Soft tissue: a convex slab of given thickness with rounded edges; thickness max-combined.
struct SoftSlab {
    std::vector<Vec2> hull;  ///< convex, counter-clockwise
    double thickness = 0;
    double edge = 0;  ///< distance over which the thickness rises from the outline
};

/// A tubular bone (diaphysis + metaphyses) from p0 (proximal) to p1 (distal), circular in section.
struct TubeBone {
    Vec2 p0, p1;
    double w0 = 0, wMid = 0, w1 = 0;  ///< half-widths at p0, mid-shaft, p1
    double flare0 = 0, flare1 = 0;    ///< length over which the ends flare
    double cap0 = 0, cap1 = 0;        ///< length of the rounded end beyond p0 / p1 (0: cut flat, a physis)
    double cortex = 0;                ///< cortical thickness at mid-shaft
    double depthRatio = 1;            ///< section depth (beam direction) / width: 1 round, < 1 flattened
    double muCortex = 0, muMarrow = 0;
    std::uint64_t textureKey = 0;
};

/// An epiphysis: the inner face centred at `base`, growing along `axis` away from the metaphysis.
struct EpiphysisBlob {
    Vec2 base, axis;
    double halfWidth = 0;
    double outerHeight = 0;  ///< dome height (away from the metaphysis)
    double innerHeight = 0;  ///< bulge towards the metaphysis (round young nodules); 0 flat
    double capDepth = 0;     ///< margins hooding the metaphysis (capping)
    double tilt = 0;         ///< outer height grows by (1 + tilt * s) across the plate (styloids)
    double flatness = 0.5;   ///< outer profile (1 - s^2)^flatness: 0.5 a dome, smaller a flatter plate
    double bridge = 0;       ///< 0..1: central share of the plate bridged to the metaphysis (fusion)
    double gap = 0;          ///< plate width, what `bridge` fills
    double depth = 0;        ///< half-thickness in the beam direction
    double cortex = 0;
    double muCortex = 0, muMarrow = 0;
};

/// A compact bone (carpal) or hollow ring (hook of hamate): a rounded superellipse.
struct CarpalBlob {
    Vec2 centre;
    double a = 0, b = 0;  ///< semi-axes along the rotated x and y
    double angleDeg = 0;  ///< counter-clockwise rotation of the a-axis from +x
    double exponent = 2;  ///< 2 ellipse, larger squarer
    double egg = 0;       ///< a grows by (1 + egg * v / b): wedge-shaped bones
    double depth = 0;
    double cortex = 0;
    double muCortex = 0, muMarrow = 0;
    bool mask = true;  ///< part of the age-informative mask
};

/// A rectangle in a local frame whose pixels join the age-informative mask.
struct MaskBox {
    Vec2 origin, axis;  ///< frame: v along axis, u along perpendicular(axis)
    double uMin = 0, uMax = 0, vMin = 0, vMax = 0;
};

}  // namespace boneage::phantom
